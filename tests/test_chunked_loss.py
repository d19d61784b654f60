"""The assistant-only loss equals the model's own loss, value and gradients, on tiny random Gemma 3
models (text and vision) with LoRA, and projects only the labelled positions onto the vocabulary."""

from __future__ import annotations

import pytest
import torch
from peft import LoraConfig, get_peft_model

from ghost_architect.models.random_init import make_random_gemma3
from ghost_architect.training.loss import IGNORE, assistant_loss


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("loss")
    return {
        "text": make_random_gemma3("tiny", root / "text"),
        "vision": make_random_gemma3("tiny", root / "vision", vision=True),
    }


def lora(folder, vision: bool):
    from transformers import AutoModelForCausalLM, AutoModelForImageTextToText

    torch.manual_seed(0)
    kind = AutoModelForImageTextToText if vision else AutoModelForCausalLM
    model = kind.from_pretrained(folder, dtype=torch.float32)
    config = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj", "down_proj"])
    model = get_peft_model(model, config)
    with torch.no_grad():  # B = 0 at init would leave half the gradients trivially zero
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.05)
    return model


def text_batch() -> dict[str, torch.Tensor]:
    generator = torch.Generator().manual_seed(1)
    ids = torch.randint(10, 2000, (2, 24), generator=generator)
    labels = ids.clone()
    labels[:, :9] = IGNORE  # the prompt: no loss there
    labels[1, 20:] = IGNORE  # padding of the shorter row
    mask = torch.ones_like(ids)
    mask[1, 20:] = 0
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def loss_and_grads(model, loss) -> tuple[float, dict[str, torch.Tensor]]:
    model.zero_grad()
    loss.backward()
    grads = {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad}
    return float(loss), grads


def assert_same(model, batch, chunk: int) -> None:
    own, own_grads = loss_and_grads(model, model(**batch).loss)
    ours, our_grads = loss_and_grads(model, assistant_loss(model, batch, chunk))
    assert ours == pytest.approx(own, rel=1e-5)
    assert own_grads.keys() == our_grads.keys() and own_grads
    for name, grad in own_grads.items():
        scale = grad.abs().max().clamp_min(1e-12)
        assert ((our_grads[name] - grad).abs().max() / scale) < 1e-4, name


@pytest.mark.parametrize("chunk", [5, 4096])
def test_text_loss_and_gradients_match_the_models_own(folders, chunk):
    assert_same(lora(folders["text"], vision=False), text_batch(), chunk)


def test_vision_loss_and_gradients_match_the_models_own(folders):
    from transformers import AutoProcessor

    processor = AutoProcessor.from_pretrained(folders["vision"])
    image = torch.randint(0, 255, (64, 64, 3), dtype=torch.uint8).numpy()
    messages = [
        {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Schema?"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "CREATE TABLE t (id INT);"}]},
    ]
    text = processor.apply_chat_template(messages, tokenize=False)
    batch = dict(processor(text=text, images=[image], return_tensors="pt"))
    labels = batch["input_ids"].clone()
    labels[:, : labels.shape[1] // 2] = IGNORE
    batch["labels"] = labels
    assert_same(lora(folders["vision"], vision=True), batch, chunk=3)


def test_the_output_head_sees_only_the_labelled_positions(folders):
    model = lora(folders["text"], vision=False)
    seen = []
    head = model.get_base_model().get_output_embeddings()
    handle = head.register_forward_hook(lambda _m, args, _o: seen.append(args[0].shape))
    batch = text_batch()
    assistant_loss(model, batch, chunk=4).backward()
    handle.remove()
    labelled_somewhere = int((batch["labels"][:, 1:] != IGNORE).any(dim=0).sum())
    assert [tuple(shape) for shape in seen] == [(2, labelled_somewhere, 64)]
    assert labelled_somewhere < batch["input_ids"].shape[1] - 1  # the prompt was skipped


def test_a_batch_with_no_labelled_token_gives_a_zero_loss_with_a_graph(folders):
    model = lora(folders["text"], vision=False)
    batch = text_batch()
    batch["labels"][:] = IGNORE
    loss = assistant_loss(model, batch, chunk=8)
    loss.backward()
    assert float(loss) == 0.0
