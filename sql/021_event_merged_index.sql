-- Deleting an event checks which duplicates were merged into it (merged_into … on delete set null);
-- without this index each deletion scans the whole table (100,000 deletions took minutes).
create index event_merged_into on event (merged_into) where merged_into is not null;
