#!/usr/bin/env bash
# Explicit, operator-run download of the sentence-embedding model for short-answer grading
# (`npm run models:fetch`). Nothing in the app ever downloads a model by itself: at run time it loads only
# from MODELS_DIR and falls back to lexical similarity when the folder is missing (docs/grading.md).
#
#   npm run models:fetch                      # Xenova/paraphrase-multilingual-MiniLM-L12-v2, int8 (~118 MB)
#   npm run models:fetch -- Xenova/multilingual-e5-small
#   MODELS_DIR=/srv/eduforum/models HF_ENDPOINT=https://hf-mirror.example npm run models:fetch
set -euo pipefail
repo=${1:-Xenova/paraphrase-multilingual-MiniLM-L12-v2}
endpoint=${HF_ENDPOINT:-https://huggingface.co}
models_dir=${MODELS_DIR:-./models}
target="$models_dir/${repo##*/}"
files=(config.json tokenizer.json tokenizer_config.json onnx/model_quantized.onnx)

mkdir -p "$target/onnx"
for file in "${files[@]}"; do
  if [ -s "$target/$file" ]; then
    echo "have   $target/$file"
    continue
  fi
  echo "fetch  $endpoint/$repo/resolve/main/$file"
  curl -fL --retry 3 -o "$target/$file.part" "$endpoint/$repo/resolve/main/$file"
  mv "$target/$file.part" "$target/$file"
done
echo "Model ready in $target. Set EMBEDDING_MODEL=${repo##*/} (default) and MODELS_DIR=$models_dir, then restart."
