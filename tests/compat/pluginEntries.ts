// Every module Grafana loads from dist/ (the app, the nested data source and panels), for the compatibility check
// (scripts/grafana-compat.mts), which follows their imports.
import '../../src/module';
import '../../src/datasource/module';
import '../../src/panels/queueboard/module';
import '../../src/panels/statusboard/module';
