import { describe, expect, it } from 'vitest';
import { SERVICES, open311Status, serviceByCode, toRequest } from './open311.mapping.ts';
import { EVENT_STATES } from './event.workflow.ts';
import type { EventView } from './event.repository.ts';

describe('Open311 mapping', () => {
  it('gives every subcategory one unique service code', () => {
    expect(new Set(SERVICES.map((s) => s.service_code)).size).toBe(SERVICES.length);
    expect(serviceByCode('05.07')).toMatchObject({ group: '突发事件', service_name: '井盖缺失' });
  });

  it('is open until the loop is closed, rejected or merged', () => {
    const closed = EVENT_STATES.filter((s) => open311Status({ status: s }) === 'closed');
    expect(closed.sort()).toEqual(['closed', 'evaluated', 'merged', 'rejected']);
  });

  it('shows no description and expects the event by its acceptance time limit', () => {
    const event = {
      id: 7, category: '市容环境', subcategory: '暴露垃圾', description: '我叫王五，电话13900009999', status: 'dispatched', lon: 118.1, lat: 24.5,
      reported_at: '2026-05-01T00:00:00.000Z', updated_at: '2026-05-01T01:00:00.000Z', due: { acceptance: '2026-05-03T00:00:00.000Z' },
    } as unknown as EventView;
    const request = toRequest(event);
    expect(request).toMatchObject({ service_request_id: '7', status: 'open', service_code: '01.01', expected_datetime: '2026-05-03T00:00:00.000Z', lat: 24.5, long: 118.1 });
    expect(JSON.stringify(request)).not.toContain('13900009999');
  });
});
