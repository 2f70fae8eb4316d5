import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VariableQueryEditor } from './VariableQueryEditor';
import type { SysmonDataSource } from '../datasource';
import type { SysmonDataQuery } from '../types';

describe('VariableQueryEditor', () => {
  it('edits a new variable as a queue-name query and switches it to tiers', async () => {
    const onChange = jest.fn();
    render(
      <VariableQueryEditor
        datasource={{ getVariableNames: () => [] } as unknown as SysmonDataSource}
        query={'' as unknown as SysmonDataQuery}
        onChange={onChange}
        onRunQuery={jest.fn()}
      />
    );
    expect(screen.getByRole('radio', { name: 'Queue names' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Tiers' }));
    expect(onChange).toHaveBeenCalledWith({ refId: 'variable', queryType: 'variable', variable: 'tier' });
  });
});
