import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../api/api-error';

export interface Remote<T> {
  status: 'loading' | 'ready' | 'error';
  data?: T;
  error?: string;
  /** Loads again (after an error, say). */
  reload(): void;
}

/**
 * Loads `load()` whenever `deps` change (showing the loading state) and again, quietly, whenever `refreshKey`
 * changes (polling keeps the last data on screen). Answers to superseded requests are dropped.
 */
export function useRemote<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], refreshKey = 0): Remote<T> {
  const [state, setState] = useState<Omit<Remote<T>, 'reload'>>({ status: 'loading' });
  const [retry, setRetry] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const depsKey = JSON.stringify(deps);
  const shownKey = useRef<string>();

  useEffect(() => {
    const controller = new AbortController();
    const quiet = shownKey.current === depsKey;
    if (!quiet) setState({ status: 'loading' });
    loadRef
      .current(controller.signal)
      .then((data) => {
        if (controller.signal.aborted) return;
        shownKey.current = depsKey;
        setState({ status: 'ready', data });
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        shownKey.current = undefined;
        setState((s) => ({ status: 'error', error: errorText(err), ...(quiet && s.data ? { data: s.data } : {}) }));
      });
    return () => controller.abort();
  }, [depsKey, refreshKey, retry]);

  const reload = useCallback(() => setRetry((n) => n + 1), []);
  return { ...state, reload };
}
