-- Staff changes (a worker renamed, a new public phone) move their own revision, so caches of the
-- workers' public contact (the in-memory lookup index) are dropped in every process.
insert into data_revision (layer) values ('staff') on conflict do nothing;
create trigger staff_revision after insert or update or delete or truncate on staff
  for each statement execute function bump_revision('staff');
