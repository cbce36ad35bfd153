import { expect } from 'chai';
import { layersForTile } from '../../media/layers.js';

describe('simulcast layer choice', () => {
  it('picks the lowest layer that covers the tile height', () => {
    expect(layersForTile(0).spatialLayer).to.equal(0);
    expect(layersForTile(180).spatialLayer).to.equal(0);
    expect(layersForTile(181).spatialLayer).to.equal(1);
    expect(layersForTile(360).spatialLayer).to.equal(1);
    expect(layersForTile(500).spatialLayer).to.equal(2);
  });

  it('caps at the top layer for tiles larger than the capture', () => {
    expect(layersForTile(2160)).to.deep.equal({ spatialLayer: 2, temporalLayer: 2 });
  });
});
