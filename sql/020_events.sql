-- Events in the closed loop (issue #6): who an event is dispatched to besides the grid worker, which
-- original a duplicate was merged into, and a state list the database itself holds to.
alter table event add column department text;
alter table event add column merged_into bigint references event (id) on delete set null;
alter table event add column updated_at timestamptz not null default now();
update event set updated_at = coalesce(closed_at, reported_at);
alter table event add constraint event_status_known check (status in
  ('reported', 'accepted', 'rejected', 'dispatched', 'in_progress', 'resolved', 'feedback', 'closed', 'evaluated', 'merged'));
alter table event add constraint event_satisfaction_range check (satisfaction is null or satisfaction between 1 and 5);
create index event_reported_at on event (reported_at);
create index event_category on event (category);
