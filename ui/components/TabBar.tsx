import { SCREENS, hashOf, type Screen } from '../stores/hash-route';

export interface TabBarProps {
  current: Screen;
  /** Called before following a tab; return false to stay (the unsaved-changes guard). */
  onNavigate(target: string): boolean;
}

const TITLES: Record<Screen, string> = { configure: 'CONFIGURE', jobs: 'JOBS', tasks: 'TASKS', reports: 'REPORTS' };

/** The four screens as links; the current one is marked for assistive technology too. */
export function TabBar({ current, onNavigate }: TabBarProps) {
  return (
    <nav class="tab-bar" aria-label="Screens">
      {SCREENS.map((screen) => {
        const href = hashOf(screen);
        return (
          <a
            key={screen}
            href={href}
            aria-current={screen === current ? 'page' : undefined}
            data-testid={`tab-${screen}`}
            onClick={(e) => {
              if (!onNavigate(href)) e.preventDefault();
            }}
          >
            {TITLES[screen]}
          </a>
        );
      })}
    </nav>
  );
}
