import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiClient } from './api/api-client';
import { ConnectionBanner } from './components/ConnectionBanner';
import { LeaveDialog } from './components/LeaveDialog';
import { StateBanner } from './components/StateBanner';
import { TabBar } from './components/TabBar';
import { ConfigurePage } from './pages/configure/ConfigurePage';
import { JobsPage } from './pages/jobs/JobsPage';
import { ReportsPage } from './pages/reports/ReportsPage';
import { TasksPage } from './pages/tasks/TasksPage';
import { createConfigureStore } from './stores/configure-store';
import { hashOf, parseHash } from './stores/hash-route';
import { useHealth } from './stores/use-health';

export interface AppProps {
  api: ApiClient;
}

/** The four screens under a tab bar, with a guard against leaving CONFIGURE with unsaved edits. */
export function App({ api }: AppProps) {
  const configure = useMemo(() => createConfigureStore(api), [api]);
  const [hash, setHash] = useState(location.hash);
  const [pending, setPending] = useState<string>();
  // Bumped when the state was restored or its notice dismissed: the screen below loads again.
  const [stateChanged, setStateChanged] = useState(0);
  // Whether the service answers, its running job and next scheduled run: watched on every screen.
  const health = useHealth(api);
  const hashRef = useRef(hash);
  hashRef.current = hash;
  const route = parseHash(hash);
  const guarded = (target: string) => parseHash(hashRef.current).screen === 'configure' && parseHash(target).screen !== 'configure' && configure.dirty();

  useEffect(() => {
    const onHash = () => {
      if (guarded(location.hash)) {
        // Back/forward or a typed address: put CONFIGURE back and ask first.
        setPending(location.hash);
        history.replaceState(null, '', hashRef.current || hashOf('configure'));
      } else {
        setHash(location.hash);
      }
    };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (!configure.dirty()) return;
      e.preventDefault();
      e.returnValue = '';
    };
    addEventListener('hashchange', onHash);
    addEventListener('beforeunload', onUnload);
    return () => {
      removeEventListener('hashchange', onHash);
      removeEventListener('beforeunload', onUnload);
    };
  }, [configure]);

  const onNavigate = (target: string) => {
    if (!guarded(target)) return true;
    setPending(target);
    return false;
  };

  return (
    <>
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="app-header">
        <p class="app-title">ThreatConnect → Microsoft Sentinel</p>
        <TabBar current={route.screen} onNavigate={onNavigate} />
      </header>
      <ConnectionBanner connected={health.connected} />
      <StateBanner api={api} onChanged={() => setStateChanged((n) => n + 1)} />
      {/* A screen starts afresh when it is opened, not when its filters change: they are in the address too. */}
      <main id="main" tabIndex={-1} key={`${route.screen}#${stateChanged}`}>
        {route.screen === 'configure' && <ConfigurePage api={api} configure={configure} health={health} />}
        {route.screen === 'jobs' && <JobsPage api={api} params={route.params} health={health} />}
        {route.screen === 'tasks' && <TasksPage api={api} params={route.params} reconnects={health.reconnects} />}
        {route.screen === 'reports' && <ReportsPage api={api} params={route.params} reconnects={health.reconnects} />}
      </main>
      {pending !== undefined && (
        <LeaveDialog
          onStay={() => setPending(undefined)}
          onLeave={() => {
            configure.discard();
            setPending(undefined);
            location.hash = pending;
          }}
        />
      )}
    </>
  );
}
