import type { Layer } from './layer.types.ts';

/**
 * Events (事件) as points for the dispatch map. Only classification and state: the description is free
 * text a reporter may have filled with names and phone numbers, and the reporter lives in
 * event_reporter, which is never joined here.
 */
export const eventsLayer: Layer = {
  id: 'events',
  description: 'Reported events (事件) with category and status',
  minzoom: 10,
  maxzoom: 18,
  sources: [
    {
      id: 'events',
      description: 'One point per event; the feature id is the event id',
      geometryKind: 'point',
      minzoom: 10,
      maxzoom: 18,
      from: 'event',
      geometry: 'geom_3857',
      featureId: 'id',
      properties: {
        category: 'category',
        subcategory: 'subcategory',
        status: 'status',
        source: 'source',
        // Text, not timestamptz, so the value does not depend on the session's time zone or encoder.
        reported_at: `to_char(reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
      },
      fields: {
        category: 'String: event category',
        subcategory: 'String: event subcategory',
        status: 'String: state in the closed loop (reported … closed)',
        source: 'String: app, hotline, patrol, kiosk or open311',
        reported_at: 'String: report time, ISO 8601 UTC',
      },
    },
  ],
  boundsSql: `select ST_XMin(e) as west, ST_YMin(e) as south, ST_XMax(e) as east, ST_YMax(e) as north
    from (select ST_Extent(geom) as e from event) s`,
};
