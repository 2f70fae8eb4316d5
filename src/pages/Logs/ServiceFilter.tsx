import React from 'react';
import { MultiSelect } from '@grafana/ui';
import { testIds } from '../../components/testIds';

interface Props {
  /** Services the store knows (the `variable` query); undefined while loading. */
  services?: string[];
  selected: string[];
  onChange: (services: string[]) => void;
  /** Why the list could not be loaded; a chosen service still filters. */
  error?: string;
}

/** Filter by one or more services; none chosen means every service. */
export function ServiceFilter({ services, selected, onChange, error }: Props) {
  // Services in the URL stay selectable even when the list does not (yet) have them.
  const names = Array.from(new Set([...(services ?? []), ...selected]));
  return (
    <div data-testid={testIds.logs.serviceSelect} title={error ? `Could not list services: ${error}` : undefined}>
      {/* MultiSelect, not MultiCombobox: both exist in Grafana 12.3–13, and MultiSelect's menu needs no layout. */}
      <MultiSelect<string>
        aria-label="Services"
        placeholder={error ? 'Services unavailable' : 'All services'}
        options={names.map((name) => ({ label: name, value: name }))}
        value={selected}
        isLoading={services === undefined && !error}
        onChange={(items) => onChange(items.map((item) => item.value).filter((v): v is string => Boolean(v)))}
        width={36}
        isClearable
      />
    </div>
  );
}
