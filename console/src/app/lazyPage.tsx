// A feature's pages loaded on first use (their code split from the app's), with a spinner meanwhile.
import { Flex, Spin } from "antd";
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";

export function lazyPage<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): LazyExoticComponent<ComponentType> {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

/** A lazy page, with a spinner until its code is there. */
export function LoadedPage({ page: Page }: { page: LazyExoticComponent<ComponentType> }) {
  return (
    <Suspense
      fallback={
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      }
    >
      <Page />
    </Suspense>
  );
}
