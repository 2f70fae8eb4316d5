// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// jsdom has no IntersectionObserver; @grafana/ui (Select menus, ScrollContainer) observes elements with it.
// This inert stand-in never reports intersections, which is what jsdom's layout-less DOM would report anyway.
class InertIntersectionObserver {
  root = null;
  rootMargin = '';
  thresholds = [];
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
if (!('IntersectionObserver' in global)) {
  Object.defineProperty(global, 'IntersectionObserver', { writable: true, value: InertIntersectionObserver });
}
