// Device losses the GPU worker reported while this page was open (zustand slice of the System feature).
import { create } from 'zustand';
import type { DeviceLostEvent } from '../../../workers/gpu-api.ts';

interface DeviceEventsState {
  events: DeviceLostEvent[];
  add(event: DeviceLostEvent): void;
}

// Only the latest few matter for diagnosis; the count lives in the worker's SystemInfo.
const keep = 20;

export const useDeviceEvents = create<DeviceEventsState>()((set) => ({
  events: [],
  add: (event) => set((s) => ({ events: [event, ...s.events].slice(0, keep) })),
}));
