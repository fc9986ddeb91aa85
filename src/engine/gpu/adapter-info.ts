// A JSON-serialisable summary of a GPUAdapter: identity, software/fallback flags, features and key limits.

export interface AdapterLimitsSummary {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxComputeWorkgroupSizeX: number;
  maxComputeWorkgroupSizeY: number;
  maxComputeWorkgroupSizeZ: number;
  maxComputeWorkgroupsPerDimension: number;
  maxStorageBuffersPerShaderStage: number;
}

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The browser's own flag (adapter.info.isFallbackAdapter, or the older adapter.isFallbackAdapter). */
  isFallbackAdapter: boolean;
  /** A CPU implementation (SwiftShader, llvmpipe, lavapipe) or a fallback adapter: correct but slow. */
  isSoftware: boolean;
  features: string[];
  limits: AdapterLimitsSummary;
}

const LIMIT_KEYS: (keyof AdapterLimitsSummary)[] = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
];

const SOFTWARE_PATTERN = /swiftshader|llvmpipe|lavapipe|software rasterizer|microsoft basic render/i;

export function describeAdapter(adapter: GPUAdapter): AdapterSummary {
  // adapter.info is the current API; isFallbackAdapter moved onto it from the adapter itself.
  const info = (adapter as { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }).info;
  const legacyFallback = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const vendor = text(info?.vendor);
  const architecture = text(info?.architecture);
  const device = text(info?.device);
  const description = text(info?.description);
  const isFallbackAdapter = info?.isFallbackAdapter === true || legacyFallback === true;
  const isSoftware =
    isFallbackAdapter ||
    architecture.toLowerCase() === 'swiftshader' ||
    SOFTWARE_PATTERN.test(`${vendor} ${architecture} ${device} ${description}`);
  const limits = {} as AdapterLimitsSummary;
  for (const k of LIMIT_KEYS) limits[k] = Number(adapter.limits[k]);
  return {
    vendor,
    architecture,
    device,
    description,
    isFallbackAdapter,
    isSoftware,
    features: [...adapter.features].map(String).sort(),
    limits,
  };
}
