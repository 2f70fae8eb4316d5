import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { DEFAULT_DATASOURCE_UID, PLUGIN_BASE_URL, ROUTES } from '../../constants';
import type { AppSettings } from '../../types';

const HomePage = React.lazy(() => import('../../pages/Home/HomePage'));
const QueuesPage = React.lazy(() => import('../../pages/Queues/QueuesPage'));
const QueueDetailPage = React.lazy(() => import('../../pages/QueueDetail/QueueDetailPage'));
const LogsPage = React.lazy(() => import('../../pages/Logs/LogsPage'));
const InfrastructurePage = React.lazy(() => import('../../pages/Infrastructure/InfrastructurePage'));
const GlossaryPage = React.lazy(() => import('../../pages/Glossary/GlossaryPage'));

function App({ meta }: AppRootProps<AppSettings>) {
  const datasourceUid = meta.jsonData?.datasourceUid || DEFAULT_DATASOURCE_UID;
  return (
    <Routes>
      <Route path={ROUTES.Home} element={<HomePage datasourceUid={datasourceUid} />} />
      <Route path={ROUTES.Queues} element={<QueuesPage datasourceUid={datasourceUid} />} />
      <Route path={ROUTES.QueueDetail} element={<QueueDetailPage datasourceUid={datasourceUid} />} />
      <Route path={ROUTES.Logs} element={<LogsPage datasourceUid={datasourceUid} />} />
      <Route path={ROUTES.Infrastructure} element={<InfrastructurePage datasourceUid={datasourceUid} />} />
      <Route path={ROUTES.Glossary} element={<GlossaryPage />} />
      {/* Unknown paths (and the bare app URL) land on the home page. */}
      <Route path="*" element={<Navigate to={`${PLUGIN_BASE_URL}/${ROUTES.Home}`} replace />} />
    </Routes>
  );
}

export default App;
