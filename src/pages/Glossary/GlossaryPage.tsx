import React, { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { GlossaryArea } from './GlossaryArea';
import { countText, glossaryGroups, isKindFilter, type KindFilter } from './glossaryModel';
import { GlossaryToolbar } from './GlossaryToolbar';

/** URL parameters: the search and the kind, so a link reproduces the view. */
export const SEARCH_PARAM = 'q';
export const KIND_PARAM = 'kind';

/**
 * The metrics glossary: every Prometheus metric and every query field the data source returns, from the contract's
 * definitions, searchable by name and by words of the meaning, grouped by area, each with its source, update
 * frequency, how to read it, the PromQL name or the query field that carries it, examples and where it is shown.
 */
export function GlossaryPage() {
  const styles = useStyles2(getStyles);
  const [params, setParams] = useSearchParams();
  const search = params.get(SEARCH_PARAM) ?? '';
  const kindParam = params.get(KIND_PARAM);
  const kind: KindFilter = isKindFilter(kindParam) ? kindParam : 'all';
  const groups = useMemo(() => glossaryGroups(search, kind), [search, kind]);

  const setParam = useCallback(
    (name: string, value: string, empty: string) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (value === empty) {
            next.delete(name);
          } else {
            next.set(name, value);
          }
          return next;
        },
        { replace: true }
      ),
    [setParams]
  );

  return (
    <PluginPage>
      <div className={styles.container} data-testid={testIds.glossary.container}>
        <Stack direction="column" gap={3}>
          <Stack direction="column" gap={1}>
            <Text color="secondary">
              Every metric the service exposes on /metrics and every field its queries return, defined once: what it
              means, where it comes from, how often it changes and how to read it. Field descriptions are also the
              tooltips on the pages and in Grafana’s panels.
            </Text>
            <GlossaryToolbar
              search={search}
              kind={kind}
              count={countText(groups)}
              onSearch={(value) => setParam(SEARCH_PARAM, value, '')}
              onKind={(value) => setParam(KIND_PARAM, value, 'all')}
            />
          </Stack>
          {groups.length === 0 ? (
            <div className={styles.empty} data-testid={testIds.glossary.empty}>
              <Text color="secondary">
                Nothing matches “{search}”. Search by a name (sysmon_queue_depth, oldest_wait_ms) or by words of the
                meaning (stuck, blocklist, uptime).
              </Text>
            </div>
          ) : (
            groups.map((group) => <GlossaryArea key={group.area} group={group} />)
          )}
        </Stack>
      </div>
    </PluginPage>
  );
}

export default GlossaryPage;

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ padding: theme.spacing(2, 0) }),
  empty: css({
    padding: theme.spacing(3),
    border: `1px dashed ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
  }),
});
