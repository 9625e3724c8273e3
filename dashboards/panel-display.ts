/**
 * What a panel shows, computed by Grafana's own code (@grafana/data) from the frames its queries
 * returned: the panel's transformations, then its field config (defaults, overrides, value mappings,
 * thresholds, units, decimals, "no value") applied as Grafana's panel query runner does, and for stat
 * panels the reduction to one value per field.
 */
import type { DataFrame, DisplayValue, Field, FieldConfigSource, ReduceDataOptions } from '@grafana/data';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { GrafanaData } from './grafana-data.ts';

export interface ShownValue {
  /** The text Grafana draws, prefix and suffix (units) included. */
  text: string;
  /** The colour as a CSS value, e.g. "#F2495C"; from mappings, thresholds or a fixed colour. */
  color: string | undefined;
}

const shown = (data: GrafanaData, display: DisplayValue): ShownValue => ({
  text: data.formattedValueToString(display),
  color: display.color,
});

/** The panel's field config as Grafana holds it after loading the panel: with the plugin defaults. */
function fieldConfigWithDefaults(data: GrafanaData, panel: Panel): FieldConfigSource {
  const plugin = new data.PanelPlugin(null).useFieldConfig();
  const { fieldConfig } = data.getPanelOptionsWithDefaults({
    plugin,
    currentOptions: (panel.options ?? {}) as Record<string, unknown>,
    currentFieldConfig: structuredClone(panel.fieldConfig ?? { defaults: {}, overrides: [] }) as FieldConfigSource,
    isAfterPluginChange: false,
  });
  return fieldConfig;
}

/** Grafana runs transformations as an Observable; its first result is what the panel draws. */
function transform(data: GrafanaData, panel: Panel, frames: DataFrame[]): Promise<DataFrame[]> {
  const transformations = (panel.transformations ?? []) as Parameters<GrafanaData['transformDataFrame']>[0];
  if (transformations.length === 0) return Promise.resolve(frames);
  return new Promise((resolve, reject) => {
    data.transformDataFrame(transformations, frames).subscribe({ next: resolve, error: reject });
  });
}

export interface PanelView {
  frames: DataFrame[];
  /** The values of a field as the data source returned it, before any transformation. */
  raw(name: string): unknown[];
  /** The field as Grafana names it (display name), in the first frame that has it. */
  field(name: string): Field;
  /** What the named field shows for each of its values. */
  column(name: string): ShownValue[];
  /** Stat panels: the one value shown per field, after the panel's reducer. */
  stats(): ShownValue[];
}

export async function panelView(data: GrafanaData, panel: Panel, input: DataFrame[]): Promise<PanelView> {
  const theme = data.createTheme();
  const fieldConfig = fieldConfigWithDefaults(data, panel);
  const replaceVariables = (text: string): string => text;
  const transformed = await transform(data, panel, input);
  const frames = data.applyFieldOverrides({ data: transformed, fieldConfig, replaceVariables, theme, timeZone: 'utc' });
  const field = (name: string): Field => {
    for (const frame of frames) {
      const found = frame.fields.find((f) => data.getFieldDisplayName(f, frame, frames) === name);
      if (found) return found;
    }
    const names = frames.flatMap((frame) => frame.fields.map((f) => data.getFieldDisplayName(f, frame, frames)));
    throw new Error(`panel ${panel.id}: no field "${name}" among ${names.join(', ')}`);
  };
  return {
    frames,
    raw: (name) => {
      const values = input.flatMap((frame) => frame.fields.filter((f) => f.name === name).map((f) => [...f.values]));
      if (values.length !== 1) throw new Error(`panel ${panel.id}: ${values.length} input fields named "${name}"`);
      return values[0]!;
    },
    field,
    column: (name) => {
      const f = field(name);
      return [...f.values].map((value) => shown(data, f.display!(value)));
    },
    stats: () => {
      const reduceOptions = (panel.options as { reduceOptions?: ReduceDataOptions } | undefined)?.reduceOptions ?? { calcs: [] };
      return data
        .getFieldDisplayValues({ data: frames, reduceOptions, fieldConfig, replaceVariables, theme, timeZone: 'utc' })
        .map((value) => shown(data, value.display));
    },
  };
}
