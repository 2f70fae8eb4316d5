// Extends create-plugin's managed config (.config/webpack/webpack.config.ts), the documented way to
// add to it: https://grafana.com/developers/plugin-tools/how-to-guides/extend-configurations
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  return {
    ...baseConfig,
    plugins: [
      ...(baseConfig.plugins ?? []),
      // The managed config copies only the root plugin's logos; nested plugins need theirs
      // next to their own plugin.json (paths in a plugin.json are relative to its folder).
      new CopyWebpackPlugin({
        patterns: [{ from: '**/img/*', to: '.', globOptions: { ignore: ['img/**'] } }],
      }),
    ],
  };
};

export default config;
