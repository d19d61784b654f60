# Source on the GPU machine (device tool): unpacks the offline bundle and the tokenizer cache.
# Build them here first: ../shared/gpu/make-gpu-site .gpusite ; tar of ~/.cache/ghost-architect/
# gemma-3-270m/tokenizer into .gpu-cache/tok.tar.xz (both git-ignored, carried by the device tool).
mkdir -p /tmp/site && tar xJf .gpusite/gpusite.tar.xz -C /tmp/site
export PYTHONPATH=/tmp/site:$PWD HF_HUB_OFFLINE=1 GHOST_HOME=/tmp/ghost-home PYTHONUNBUFFERED=1
mkdir -p "$GHOST_HOME" && tar xJf .gpu-cache/tok.tar.xz -C "$GHOST_HOME"
python3 -c "import torch, transformers, peft, bitsandbytes; print('torch', torch.__version__, 'tf', transformers.__version__, 'peft', peft.__version__, 'bnb', bitsandbytes.__version__, torch.cuda.get_device_name(0))"
