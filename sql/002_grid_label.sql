-- One label point per grid, inside it. Polygon labels drawn from tiles repeat in every tile a grid
-- touches; a point drawn from its own MVT layer appears once.
alter table grid add column label_3857 geometry(Point, 3857);

create or replace function sync_grid() returns trigger language plpgsql as $$
begin
  new.geom_3857 := ST_Transform(new.geom, 3857);
  new.area_m2 := ST_Area(new.geom::geography);
  new.label_3857 := label_point(new.geom_3857);
  return new;
end $$;

-- The interior point of the largest part: in the grid's main body, never in a sliver. GEOS finds it by
-- a scan line through the middle (the centre of a rectangle), the same on every GEOS version we run;
-- the centre of the largest inscribed circle would look better but moves between GEOS versions.
create function label_point(g geometry) returns geometry language sql immutable parallel safe as $$
  select ST_PointOnSurface(part)
    from (select (d).geom as part from ST_Dump(g) as d order by ST_Area((d).geom) desc limit 1) as largest
$$;

update grid set label_3857 = label_point(geom_3857);
create index grid_label_current on grid using gist (label_3857) where valid_to is null;
