import { type ComponentType, lazy, Suspense } from 'react';
import { PageLoader } from './PageLoader';

/** A route element whose code loads when the route is first shown (one chunk per page). */
export function lazyPage(load: () => Promise<{ default: ComponentType }>) {
  const Page = lazy(load);
  return function LazyPage() {
    return (
      <Suspense fallback={<PageLoader />}>
        <Page />
      </Suspense>
    );
  };
}
