import { canOperate } from './roles';

describe('canOperate', () => {
  it('allows Editors and Admins only', () => {
    expect(canOperate('Admin')).toBe(true);
    expect(canOperate('Editor')).toBe(true);
    expect(canOperate('Viewer')).toBe(false);
    expect(canOperate('None')).toBe(false);
    expect(canOperate(undefined)).toBe(false);
    expect(canOperate('admin')).toBe(false);
  });
});
