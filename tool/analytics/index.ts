export * from './early-warning.js';
export * from './participation-event.js';
export { ParticipationPipeline, type ParticipationPipelineOptions } from './participation-pipeline.js';
