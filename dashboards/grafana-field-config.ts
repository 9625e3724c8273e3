/**
 * The standard field options (unit, min, max, decimals, display name, color, no value, links, value
 * mappings, thresholds), as Grafana's app registers them at start-up
 * (public/app/core/components/OptionsUI/registry.tsx, getAllStandardFieldConfigs): the same ids,
 * paths, processors from @grafana/data, defaults and field types they apply to. Only the editors,
 * React components of the panel editor, are left out.
 */
import type { Field, FieldConfigPropertyItem } from '@grafana/data';
import type { GrafanaData } from './grafana-data.ts';

type Item = FieldConfigPropertyItem<unknown, unknown, object>;

export function standardFieldConfigs(data: GrafanaData): Item[] {
  const { FieldType, ThresholdsMode } = data;
  const always = (): boolean => true;
  const numbers = (field: Field): boolean => field.type === FieldType.number;
  const item = (
    id: string,
    process: (value: any, context: any, settings?: any) => unknown,
    shouldApply: (field: Field) => boolean,
    extra: Partial<Item> = {},
  ): Item =>
    ({ id, path: id, name: id, process, shouldApply, settings: {}, editor: () => null, override: () => null, ...extra }) as Item;
  return [
    item('unit', data.stringOverrideProcessor, always),
    item('min', data.numberOverrideProcessor, numbers),
    item('max', data.numberOverrideProcessor, numbers),
    item('decimals', data.numberOverrideProcessor, numbers),
    item('displayName', data.displayNameOverrideProcessor, always, { settings: { expandTemplateVars: true } }),
    item('color', data.identityOverrideProcessor, always, { settings: { byValueSupport: true, preferThresholdsMode: true } }),
    item('noValue', data.stringOverrideProcessor, always),
    item('links', data.dataLinksOverrideProcessor, always),
    item('mappings', data.valueMappingsOverrideProcessor, (field) => field.type !== FieldType.time, { defaultValue: [] }),
    item('thresholds', data.thresholdsOverrideProcessor, always, {
      defaultValue: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 80, color: 'red' },
        ],
      },
    }),
  ];
}
