import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Dropdown, Icon, Input, Menu, Toggletip, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { SEARCH_SYNTAX } from './searchTerms';

interface Props {
  /** The search the page shows (from the URL); the input follows it when it changes from outside. */
  value: string;
  history: string[];
  onSubmit: (search: string) => void;
  /** The logs query's own error (e.g. "unterminated quote starting at position 5"), shown under the input. */
  error?: string;
}

/** The search input with the language's syntax help and the recent searches of this browser. */
export function LogsSearchBar({ value, history, onSubmit, error }: Props) {
  const styles = useStyles2(getStyles);
  const [text, setText] = useState(value);
  // A click on a label value, a history entry or a pasted link changes the search from outside: the input follows.
  const [followed, setFollowed] = useState(value);
  if (followed !== value) {
    setFollowed(value);
    setText(value);
  }

  return (
    <div className={styles.wrapper}>
      <form
        className={styles.form}
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit(text.trim());
        }}
      >
        <Input
          className={styles.input}
          value={text}
          invalid={Boolean(error)}
          onChange={(event) => setText(event.currentTarget.value)}
          prefix={<Icon name="search" />}
          placeholder='Search: words, "phrase", -word, OR, level:>=warn, service:smtp, request_id:…, attrs.key:value'
          aria-label="Search logs"
          data-testid={testIds.logs.searchInput}
        />
        <Button type="submit" icon="search" data-testid={testIds.logs.searchSubmit}>
          Search
        </Button>
        <Dropdown
          overlay={
            <Menu>
              {history.length === 0 ? (
                <Menu.Item label="No recent searches" disabled />
              ) : (
                history.map((item, index) => (
                  <Menu.Item
                    key={item}
                    label={item}
                    onClick={() => onSubmit(item)}
                    testId={testIds.logs.historyItem(index)}
                  />
                ))
              )}
            </Menu>
          }
        >
          <Button
            variant="secondary"
            icon="history"
            aria-label="Recent searches"
            tooltip="Recent searches"
            data-testid={testIds.logs.searchHistory}
          />
        </Dropdown>
        <Toggletip title="Search syntax" content={<SyntaxHelp />} placement="bottom-end" closeButton>
          <Button
            variant="secondary"
            icon="question-circle"
            aria-label="Search syntax"
            tooltip="Search syntax"
            data-testid={testIds.logs.searchHelp}
          />
        </Toggletip>
      </form>
      {error && (
        <div className={styles.error} role="alert" data-testid={testIds.logs.searchError}>
          <Icon name="exclamation-triangle" /> {`The search was not run: ${error}`}
        </div>
      )}
    </div>
  );
}

function SyntaxHelp() {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.help}>
      <tbody>
        {SEARCH_SYNTAX.map((row) => (
          <tr key={row.example}>
            <td>
              <code>{row.example}</code>
            </td>
            <td>{row.meaning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), flex: 1, minWidth: 320 }),
  form: css({ display: 'flex', gap: theme.spacing(1) }),
  input: css({ flex: 1 }),
  error: css({ color: theme.colors.error.text, fontSize: theme.typography.bodySmall.fontSize }),
  help: css({
    borderCollapse: 'collapse',
    td: { padding: theme.spacing(0.25, 1, 0.25, 0), verticalAlign: 'top' },
    code: { whiteSpace: 'nowrap' },
  }),
});
