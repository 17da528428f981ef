-- Who else a grid's residents may call, beside its grid worker: the community police officer (社区民警)
-- and the patrol (巡逻/巡查) contacts, usually named once for a community and holding for every grid
-- under it. Staff rows hold only public contact fields, so a grid card may print them. A grid's id is
-- its identity across generations, so the link survives reshaping and publishing.
create table grid_contact (
  grid_id  bigint not null,
  staff_id bigint not null references staff (id) on delete cascade,
  role     text not null check (role in ('grid_leader', 'police', 'patrol')),
  primary key (grid_id, staff_id, role)
);
create index grid_contact_staff on grid_contact (staff_id);
