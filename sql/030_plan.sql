-- Plans (规划方案): a planner's working copy of the grids of a scope (a community and everything under it,
-- or the whole street). Opening a plan copies the published rows; edits change the copy, each grid
-- carrying a version the next edit must name (If-Match), so concurrent planners never overwrite each
-- other silently. Publishing turns the copy into a new generation in one transaction.
alter table plan add column updated_at timestamptz not null default now();

create table plan_grid (
  plan_id    bigint not null references plan (id) on delete cascade,
  -- the grid's identity across generations; a new grid takes the next grid_id_seq value
  id         bigint not null,
  version    integer not null default 1,
  -- valid_from of the published row this copy started from; null for a grid the plan adds
  base_from  integer,
  deleted    boolean not null default false,
  code       text not null check (code ~ '^[0-9]{12}([0-9]{3})*$'),
  name       text not null,
  level      smallint not null check (level between 1 and 5),
  parent_id  bigint,
  geom       geometry(MultiPolygon, 4326) not null,
  worker_id  bigint references staff (id) on delete set null,
  households integer not null default 0,
  population integer not null default 0,
  buildings  integer not null default 0,
  area_m2    double precision not null default 0,
  primary key (plan_id, id),
  check ((level = 1) = (parent_id is null))
);
create index plan_grid_geom on plan_grid using gist (geom);
create index plan_grid_parent on plan_grid (plan_id, parent_id);
-- codes are unique among the grids a plan keeps (the 15-digit scheme is the grid's public name)
create unique index plan_grid_code on plan_grid (plan_id, code) where not deleted;

create function sync_plan_grid() returns trigger language plpgsql as $$
begin
  new.area_m2 := ST_Area(new.geom::geography);
  return new;
end $$;
create trigger plan_grid_sync before insert or update of geom on plan_grid for each row execute function sync_plan_grid();
