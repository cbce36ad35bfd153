export { ReactionBar, ReactionOverlay, REACTION_EMOJI } from './Reactions.js';
