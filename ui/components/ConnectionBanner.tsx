export interface ConnectionBannerProps {
  connected: boolean;
}

/**
 * Shown above every screen while the service does not answer, so a screen's last answer ("No job is running")
 * is not taken for the present. It goes when the service answers again, and the screens load again.
 */
export function ConnectionBanner({ connected }: ConnectionBannerProps) {
  if (connected) return null;
  return (
    <div class="banner banner-danger" role="alert" data-testid="connection-banner">
      <p>
        <strong>Connection lost, retrying…</strong> The service is not answering. What the screen shows is what it last said, and may be out of date.
      </p>
    </div>
  );
}
