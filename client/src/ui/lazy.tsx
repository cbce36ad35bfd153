import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code is a separate chunk, fetched on first render (no preact/compat needed in the
 * initial chunk). Shows `fallback` while loading and `failed` if the chunk cannot be fetched.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
): ComponentType<P & { fallback?: preact.ComponentChildren; failed?: preact.ComponentChildren }> {
  let cached: ComponentType<P> | null = null;
  return function Lazy(props) {
    const [component, setComponent] = useState<ComponentType<P> | null>(() => cached);
    const [error, setError] = useState(false);
    useEffect(() => {
      if (component) return;
      let alive = true;
      load().then(
        (loaded) => {
          cached = loaded;
          if (alive) setComponent(() => loaded);
        },
        () => alive && setError(true),
      );
      return () => {
        alive = false;
      };
    }, [component]);
    if (error) return <>{props.failed ?? null}</>;
    if (!component) return <>{props.fallback ?? null}</>;
    const Loaded = component;
    return <Loaded {...props} />;
  };
}
