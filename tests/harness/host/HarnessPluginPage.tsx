/**
 * Stand-in for Grafana's PluginPage: the page title (from pageNav or the app's nav), subtitle,
 * actions and the page body, styled with the theme like Grafana's page chrome.
 */
import { css } from '@emotion/css';
import type { GrafanaTheme2, NavModelItem } from '@grafana/data';
import type { PluginPageProps } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { createContext, useContext } from 'react';

/** The app's navigation item (name/icon from plugin.json), provided by the host around the app root. */
export const HarnessAppNavContext = createContext<NavModelItem | undefined>(undefined);

export function HarnessPluginPage({ pageNav, subTitle, actions, info, renderTitle, children }: PluginPageProps) {
  const appNav = useContext(HarnessAppNavContext);
  const styles = useStyles2(getStyles);
  const title = pageNav?.text ?? appNav?.text ?? '';
  return (
    <div className={styles.page} data-testid="harness-plugin-page">
      <header className={styles.header}>
        <div className={styles.titleRow}>
          {title && (renderTitle ? renderTitle(title) : <h1 className={styles.title}>{title}</h1>)}
          {actions && <div className={styles.actions}>{actions}</div>}
        </div>
        {(subTitle ?? pageNav?.subTitle) && <div className={styles.subTitle}>{subTitle ?? pageNav?.subTitle}</div>}
        {info && info.length > 0 && (
          <div className={styles.info}>
            {info.map((item) => (
              <span key={item.label}>
                {item.label}: {item.value}
              </span>
            ))}
          </div>
        )}
      </header>
      <div className={styles.body}>{children}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3), display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  header: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  titleRow: css({ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: theme.spacing(2) }),
  title: css({ margin: 0, fontSize: theme.typography.h2.fontSize }),
  actions: css({ display: 'flex', gap: theme.spacing(1) }),
  subTitle: css({ color: theme.colors.text.secondary }),
  info: css({ display: 'flex', gap: theme.spacing(2), color: theme.colors.text.secondary }),
  body: css({ flexGrow: 1 }),
});
