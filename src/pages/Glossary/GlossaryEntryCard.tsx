import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import type { GlossaryEntry } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import { GlossaryText } from './GlossaryText';
import { alertText, appPageUrl, fieldRefText, kindText, sourceText } from './glossaryModel';

interface Props {
  entry: GlossaryEntry;
}

/**
 * One metric or query field: its name, kind and unit, what it means and how to read it, and the facts the glossary
 * promises (source, update frequency, labels, the PromQL name / the query field that carries it, example PromQL and
 * alert, the page that shows it).
 */
export function GlossaryEntryCard({ entry }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <article className={styles.card} aria-label={entry.name} data-testid={testIds.glossary.entry(entry.id)}>
      <header className={styles.header}>
        <code className={styles.name}>{entry.name}</code>
        <Badge color={entry.kind === 'metric' ? 'purple' : 'blue'} text={kindText(entry)} />
        {entry.unit && <span className={styles.unit}>{entry.unit}</span>}
      </header>
      <p className={styles.meaning}>
        <GlossaryText text={entry.meaning} />
      </p>
      {entry.reading && (
        <p className={styles.reading}>
          <strong>How to read it:</strong> <GlossaryText text={entry.reading} />
        </p>
      )}
      <dl className={styles.facts}>
        <Fact term="Source">{sourceText(entry)}</Fact>
        <Fact term="Updates">
          <GlossaryText text={entry.updates} />
        </Fact>
        {entry.kind === 'metric' ? <MetricFacts entry={entry} /> : <FieldFacts entry={entry} />}
        <Fact term="Shown at">
          {entry.shownAt ? (
            <Link to={appPageUrl(entry.shownAt)} data-testid={testIds.glossary.shownAt(entry.id)}>
              {entry.shownAt.label}
            </Link>
          ) : (
            entry.elsewhere
          )}
        </Fact>
      </dl>
    </article>
  );
}

function MetricFacts({ entry }: { entry: Extract<GlossaryEntry, { kind: 'metric' }> }) {
  const styles = useStyles2(getStyles);
  return (
    <>
      {entry.labels.length > 0 && <Fact term="Labels">{entry.labels.join(', ')}</Fact>}
      {entry.carriedBy.length > 0 && (
        <Fact term="Query field">{entry.carriedBy.map((ref) => fieldRefText(ref)).join('; ')}</Fact>
      )}
      {entry.presence && (
        <Fact term="Present">
          <GlossaryText text={entry.presence} />
        </Fact>
      )}
      <Fact term="PromQL">
        <pre className={styles.code}>{entry.promql}</pre>
      </Fact>
      <Fact term="Alert">
        <span className={styles.alertName}>{alertText(entry.alert)}</span>
        <pre className={styles.code}>{entry.alert.expr}</pre>
      </Fact>
    </>
  );
}

function FieldFacts({ entry }: { entry: Extract<GlossaryEntry, { kind: 'field' }> }) {
  return (
    <>
      <Fact term="Query field">
        {fieldRefText(entry)} (frame {entry.frame}
        {entry.namedAfterSeries ? ', named after its series' : ''})
      </Fact>
      {entry.metric && (
        <Fact term="PromQL name">
          <code>{entry.metric}</code>
        </Fact>
      )}
    </>
  );
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.value}>{children}</dd>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    minWidth: 0,
    padding: theme.spacing(1.5, 2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap', minWidth: 0 }),
  name: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    overflowWrap: 'anywhere',
  }),
  unit: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  meaning: css({ margin: 0 }),
  reading: css({
    margin: 0,
    color: theme.colors.text.secondary,
    strong: { color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium },
  }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  term: css({ color: theme.colors.text.secondary }),
  value: css({
    margin: 0,
    minWidth: 0,
    overflowWrap: 'anywhere',
    a: { color: theme.colors.text.link },
  }),
  alertName: css({ color: theme.colors.text.secondary }),
  code: css({
    margin: theme.spacing(0.25, 0, 0),
    padding: theme.spacing(0.5, 1),
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});
