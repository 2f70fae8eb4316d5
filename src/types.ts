/** App plugin jsonData (POST /api/plugins/penguinmails-sysmon-app/settings). */
export interface AppSettings {
  /** Uid of the data source the app pages call; DEFAULT_DATASOURCE_UID when unset. */
  datasourceUid?: string;
}
