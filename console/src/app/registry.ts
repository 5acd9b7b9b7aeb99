import type { Feature, NavItem } from "./feature";

const modules = import.meta.glob<{ feature: Feature }>("../features/*/index.tsx", { eager: true });
const features = Object.values(modules).map((module) => module.feature);

export const shellRoutes = features.flatMap((feature) => feature.routes ?? []);
export const publicRoutes = features.flatMap((feature) => feature.publicRoutes ?? []);
export const headerTools = features.flatMap((feature) => feature.headerTools ?? []);
export const navItems: NavItem[] = features
  .flatMap((feature) => feature.nav ?? [])
  .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
