"""Memory planner: predicted peak memory per component, per backend, and the OOM ladder.

Weights, adapter, gradients and optimiser state are counted exactly from the published Gemma 3
shapes. Activations, logits and DoRA's extra working memory depend on kernels, so each backend has
four coefficients fitted to measured peaks (benchmarks/calibrate_planner.py writes
planner_coefficients.json from benchmarks/results/planner-measurements.jsonl).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ghost_architect.models.catalog import TARGET_SHAPES, ModelSpec, model_spec

GIB = 2**30
NF4_BYTES = 0.5 + 1 / 64 + 4 / (64 * 256)  # 4-bit weights + 8-bit absmax + double-quant scales
OPTIMIZER_BYTES = {
    "adamw_8bit": 2,
    "paged_adamw_8bit": 2,
    "adamw_torch": 8,
    "adamw_torch_fused": 8,
    "sgd": 0,
}
DTYPE_BYTES = {"bf16": 2, "fp16": 2, "fp32": 4}
SHARDED_BYTES = 4  # FSDP stores every tensor, 4-bit ones packed, in fp32 (one dtype per unit)
COEFFICIENTS_FILE = Path(__file__).with_name("planner_coefficients.json")
BACKENDS = ("unsloth", "hf")  # the built-in backends benchmarks/calibrate_planner.py fits
LADDER_SEQ = 2048
LADDER_R = 32
LADDER_TARGETS = ["q_proj", "v_proj"]


@dataclass(frozen=True)
class PlanInput:
    model: ModelSpec
    seq: int
    r: int
    dora: bool
    targets: tuple[str, ...]
    load_in_4bit: bool = True
    batch: int = 1
    optimizer: str = "adamw_8bit"
    dtype: str = "bf16"
    gradient_checkpointing: bool = True
    vision: bool = False  # train with the vision tower loaded
    gpus: int = 1
    strategy: str = "ddp"  # several GPUs: ddp (replicated) or fsdp (weights, adapter sharded)
    accumulation: int = 1  # no memory of its own: the ladder's batch split keeps batch x it


@dataclass
class Prediction:
    backend: str
    dora: bool
    seq: int
    r: int
    targets: list[str]
    components: dict[str, float]  # GiB
    peak_gib: float
    fits: bool

    def summary(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if k != "components"}


@dataclass
class Plan:
    model: str
    profile: str
    capacity_gib: float
    backend: str
    predictions: list[Prediction] = field(default_factory=list)  # first per backend: as asked
    ladder: list[str] = field(default_factory=list)
    final: PlanInput | None = None
    fits: bool = False


def load_coefficients(path: Path = COEFFICIENTS_FILE) -> dict[str, dict[str, float]]:
    return json.loads(path.read_text())["backends"]


def measured_plan(row: dict) -> PlanInput:
    """The plan of one row of benchmarks/results/planner-measurements.jsonl (settings a row
    leaves out are those of the runs that did not record them)."""
    return PlanInput(
        model_spec(row["model"]),
        row["seq"],
        row["r"],
        row["dora"],
        tuple(row.get("targets", TARGET_SHAPES)),
        load_in_4bit=row.get("load_in_4bit", True),
        batch=row.get("batch", 1),
        optimizer=row.get("optimizer", "adamw_8bit"),
        gradient_checkpointing=row.get("gradient_checkpointing", True),
        vision=row.get("vision", False),
    )


def components(plan: PlanInput, coeffs: dict[str, float]) -> dict[str, float]:
    """Predicted peak bytes of each component, in GiB."""
    m = plan.model
    layers_linear = m.num_hidden_layers * m.layer_linear_params
    dtype_bytes = DTYPE_BYTES[plan.dtype]
    other = m.text_params - layers_linear + (m.vision_params if plan.vision else 0)
    if plan.load_in_4bit:
        weights = layers_linear * NF4_BYTES + other * dtype_bytes
    else:
        weights = (layers_linear + other) * dtype_bytes
    lora = m.lora_params(plan.r, list(plan.targets), plan.dora)
    adapter = lora * (4 + 4 + OPTIMIZER_BYTES[plan.optimizer])  # fp32 weights + grads + states
    tokens = plan.batch * plan.seq
    saved = m.num_hidden_layers if plan.gradient_checkpointing else 1
    working = 1 if plan.gradient_checkpointing else m.num_hidden_layers
    activations = (
        tokens
        * 2
        * (coeffs["hidden"] * saved * m.hidden_size + coeffs["mlp"] * working * m.intermediate_size)
    )
    logits = coeffs["logits"] * tokens * m.vocab_size
    dora = coeffs["dora"] * m.layer_linear_params * 2 if plan.dora else 0.0
    parts = {
        "weights": weights,
        "adapter+optimizer": adapter,
        "activations": activations,
        "logits": logits,
        "dora": dora,
    }
    if sharded(plan):
        parts |= fsdp_parts(plan, other, adapter)
    return {k: round(v / GIB, 3) for k, v in parts.items()}


def sharded(plan: PlanInput) -> bool:
    return plan.strategy == "fsdp" and plan.gpus > 1


def fsdp_parts(plan: PlanInput, other: float, adapter: float) -> dict[str, float]:
    """Under FSDP each GPU keeps 1/N of the weights and of the adapter with its optimiser state,
    and gathers whole units while it computes: the root unit (embedding, held through the step)
    and two decoder layers (the one computing and the one prefetched). Every sharded tensor is
    stored in fp32 (training/parallel.py: SHARDED_STORAGE), 4-bit weights packed inside."""
    m = plan.model
    layer = m.layer_linear_params * (NF4_BYTES if plan.load_in_4bit else SHARDED_BYTES)
    gathered = m.embedding_params * SHARDED_BYTES + 2 * layer
    weights = m.num_hidden_layers * layer + other * SHARDED_BYTES
    return {
        "weights": weights / plan.gpus,
        "adapter+optimizer": adapter / plan.gpus,
        "fsdp gathered": gathered,
    }


def fits(peak_gib: float, capacity_gib: float) -> bool:
    """Allocator fragmentation (~5%) and the CUDA context (~0.4 GiB) come on top of the peak."""
    return peak_gib * 1.05 + 0.4 <= capacity_gib


def predict(plan: PlanInput, backend: str, capacity_gib: float, coeffs=None) -> Prediction:
    coeffs = coeffs or load_coefficients()
    parts = components(plan, coeffs[backend])
    peak = round(sum(parts.values()), 2)
    return Prediction(
        backend,
        plan.dora,
        plan.seq,
        plan.r,
        list(plan.targets),
        parts,
        peak,
        fits(peak, capacity_gib),
    )


def pick_strategy(plan: PlanInput, backend: str, capacity_gib: float, coeffs=None) -> str:
    """With several GPUs: ddp when the whole run fits one GPU as asked, else fsdp."""
    replicated = predict(replace(plan, strategy="ddp"), backend, capacity_gib, coeffs)
    return "ddp" if replicated.fits or plan.gpus == 1 else "fsdp"


@dataclass(frozen=True)
class Knobs:
    """What the OOM ladder may turn: the settings of a run that move its peak memory."""

    seq: int
    r: int
    dora: bool
    targets: tuple[str, ...]
    batch: int
    accumulation: int
    gradient_checkpointing: bool


def ladder_rung(k: Knobs) -> tuple[str, Knobs] | None:
    """The OOM ladder's next rung (description, knobs after it), or None at the bottom. Rungs
    that keep the recipe come first: gradient checkpointing on, then the batch split into
    accumulation steps (the optimiser sees the same global batch in the same order); then
    those that change it: seq, rank, DoRA, target modules."""
    if not k.gradient_checkpointing:
        return "gradient checkpointing on", replace(k, gradient_checkpointing=True)
    if k.batch > 1:
        batch = k.batch // 2 if k.batch % 2 == 0 else 1
        accumulation = k.accumulation * (k.batch // batch)
        return (
            f"batch {k.batch} x {k.accumulation} -> {batch} x {accumulation}",
            replace(k, batch=batch, accumulation=accumulation),
        )
    if k.seq > LADDER_SEQ:
        return f"seq {k.seq} -> {LADDER_SEQ}", replace(k, seq=LADDER_SEQ)
    if k.r > LADDER_R:
        return f"r {k.r} -> {LADDER_R}", replace(k, r=LADDER_R)
    if k.dora:
        return "DoRA off", replace(k, dora=False)
    if list(k.targets) != LADDER_TARGETS:
        return "targets -> q_proj,v_proj", replace(k, targets=tuple(LADDER_TARGETS))
    return None


def ladder_steps(plan: PlanInput):
    """The OOM ladder on a plan: (description, next plan) for each rung that applies."""
    knobs = Knobs(plan.seq, plan.r, plan.dora, tuple(plan.targets), plan.batch,
                  plan.accumulation, plan.gradient_checkpointing)  # fmt: skip
    while (rung := ladder_rung(knobs)) is not None:
        description, knobs = rung
        plan = replace(
            plan,
            seq=knobs.seq,
            r=knobs.r,
            dora=knobs.dora,
            targets=knobs.targets,
            batch=knobs.batch,
            accumulation=knobs.accumulation,
            gradient_checkpointing=knobs.gradient_checkpointing,
        )
        yield description, plan


def make_plan(
    plan: PlanInput, profile_name: str, capacity_gib: float, backend: str, coeffs=None
) -> Plan:
    """Predict for every backend in ``coeffs`` (by default the calibrated hf and unsloth), then
    walk the ladder on ``backend`` until the run fits."""
    coeffs = coeffs or load_coefficients()
    result = Plan(plan.model.name, profile_name, capacity_gib, backend)
    result.predictions = [predict(plan, b, capacity_gib, coeffs) for b in coeffs]
    current = predict(plan, backend, capacity_gib, coeffs)
    result.final = plan
    for description, step in ladder_steps(plan):
        if current.fits:
            break
        current = predict(step, backend, capacity_gib, coeffs)
        result.ladder.append(f"{description}: {current.peak_gib} GiB")
        result.predictions.append(current)
        result.final = step
    result.fits = current.fits
    return result


def plan_json(plan: Plan) -> dict[str, object]:
    return {
        "model": plan.model,
        "profile": plan.profile,
        "capacity_gib": plan.capacity_gib,
        "backend": plan.backend,
        "gpus": plan.final.gpus if plan.final else 1,
        "strategy": plan.final.strategy if plan.final else "ddp",
        "predictions": [p.summary() | {"components_gib": p.components} for p in plan.predictions],
        "ladder": plan.ladder,
        "fits": plan.fits,
    }
