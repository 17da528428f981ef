// Polygon and MultiPolygon from WKB, as flat coordinate rings. Read from ST_AsBinary rather than
// GeoJSON text because WKB carries the exact doubles PostGIS stores: a point on a shared boundary must
// be on it here too, or the in-memory lookup and the SQL one would disagree.

/** a polygon's rings (outer first), each as [x0, y0, x1, y1, …] with the closing vertex repeated */
export type PolygonRings = Float64Array[];

export function parsePolygons(wkb: Uint8Array): PolygonRings[] {
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  let offset = 0;
  const header = () => {
    const little = view.getUint8(offset) === 1;
    const type = view.getUint32(offset + 1, little) % 1000;
    offset += 5;
    return { little, type };
  };
  const count = (little: boolean) => {
    const n = view.getUint32(offset, little);
    offset += 4;
    return n;
  };
  const polygon = (little: boolean): PolygonRings => {
    const rings: PolygonRings = [];
    for (let r = count(little); r > 0; r--) {
      const points = count(little);
      const ring = new Float64Array(points * 2);
      for (let i = 0; i < points * 2; i++, offset += 8) ring[i] = view.getFloat64(offset, little);
      rings.push(ring);
    }
    return rings;
  };
  const { little, type } = header();
  if (type === 3) return [polygon(little)];
  if (type !== 6) throw new Error(`expected a Polygon or MultiPolygon in WKB, got type ${type}`);
  const parts: PolygonRings[] = [];
  for (let n = count(little); n > 0; n--) parts.push(polygon(header().little));
  return parts;
}
