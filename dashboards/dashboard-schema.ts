/**
 * Offline validation of dashboard JSON, without a Grafana: a JSON Schema derived from the installed
 * foundation SDK's own `Dashboard` type, checked with Ajv.
 *
 * The schema is generated on demand (1 to 3 s per SDK module) rather than committed, so it always matches the SDK
 * version in node_modules that built the dashboards. Neither the SDK nor @grafana/schema ships a schema
 * file or a validator.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { createGenerator, type Schema } from 'ts-json-schema-generator';

/**
 * The `.d.ts` of one SDK module: `dashboard` holds the classic (v1) dashboard model, panel modules
 * (`table`, `stat`, `timeseries`) their `Options` and `FieldConfig`.
 */
export function sdkTypesPath(module: string): string {
  const entry = createRequire(import.meta.url).resolve(`@grafana/grafana-foundation-sdk/${module}`);
  return join(dirname(entry), 'types.gen.d.ts');
}

/**
 * The SDK's `Dataquery` is a marker interface with one method, which the generator turns into a closed
 * empty object: every real target would fail. Targets are data-source specific, so accept any object
 * (InfluxDB targets get their own checks in dashboard-checks.ts).
 */
function patchSchema(schema: Schema): Schema {
  const definitions = schema.definitions ?? {};
  if (!definitions.Dataquery) throw new Error('SDK schema has no Dataquery definition: the SDK layout changed');
  definitions.Dataquery = { type: 'object' };
  return { ...schema, definitions };
}

function generateSchema(module: string, type: string): Schema {
  const generator = createGenerator({
    path: sdkTypesPath(module),
    type,
    // The SDK's declarations compile on their own; type-checking them again only costs time.
    skipTypeCheck: true,
    expose: 'export',
    topRef: true,
  });
  return generator.createSchema(type);
}

export function dashboardJsonSchema(): Schema {
  return patchSchema(generateSchema('dashboard', 'Dashboard'));
}

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module namespace.
const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

export function dashboardValidator(schema: Schema = dashboardJsonSchema()): ValidateFunction {
  return newAjv().compile(schema);
}

/**
 * The dashboard schema leaves `options` and `fieldConfig.defaults.custom` open (`any`): each panel
 * plugin defines them. These validate them against the panel module's own `Options` and `FieldConfig`.
 */
export interface PanelValidators {
  options: ValidateFunction;
  /** Absent for panels without custom field config (e.g. stat). */
  fieldConfigCustom?: ValidateFunction;
}

/** The SDK module of a panel type: Grafana's `state-timeline` lives in the SDK's `statetimeline`. */
export const sdkPanelModule = (panelType: string): string => panelType.replaceAll('-', '');

export function panelValidators(panelType: string): PanelValidators {
  const module = sdkPanelModule(panelType);
  const ajv = newAjv();
  ajv.addSchema(generateSchema(module, '*'), module);
  const options = ajv.getSchema(`${module}#/definitions/Options`);
  if (!options) throw new Error(`SDK module "${module}" has no Options type`);
  const fieldConfigCustom = ajv.getSchema(`${module}#/definitions/FieldConfig`);
  return fieldConfigCustom ? { options, fieldConfigCustom } : { options };
}

/** Ajv's errors as short `path: message` lines, for test failure messages. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}
