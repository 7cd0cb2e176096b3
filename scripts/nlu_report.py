"""`make nlu-report`: how well the assistant understands residents, against Rasa's default.

For each pipeline (ours in config.yml, Rasa's default in benchmarks/rasa_default_config.yml)
on the same training data in the same run: 5-fold cross-validation, then a model trained on
all of data/nlu tested on the held-out tests/nlu/test_nlu.yml, which no model trains on.
Writes each run's Rasa reports (per-intent precision/recall/F1, confusion matrix) under
results/nlu-report/ and a summary table to docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from docsection import write_section

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "results" / "nlu-report"
RASA = [sys.executable, "-m", "rasa"]
PIPELINES = {
    "project": ROOT / "config.yml",
    "rasa-default": ROOT / "benchmarks" / "rasa_default_config.yml",
}
HELD_OUT = ROOT / "tests" / "nlu" / "test_nlu.yml"
SERVED_MODEL = ROOT / "models" / "csp.tar.gz"  # what `make run` serves (trained by `rasa train`)
FOLDS = 5
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def run(args: list[str]) -> float:
    started = time.monotonic()
    subprocess.run([*RASA, *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def scores(report_path: Path) -> dict[str, float]:
    report = json.loads(report_path.read_text(encoding="utf-8"))
    return {
        "macro_f1": report["macro avg"]["f1-score"],
        "weighted_f1": report["weighted avg"]["f1-score"],
        "accuracy": report.get("accuracy", report.get("micro avg", {}).get("f1-score", 0.0)),
    }


def evaluate(name: str, config: Path) -> dict[str, dict[str, float]]:
    out = OUT / name
    cv_seconds = run(
        [
            "test",
            "nlu",
            "--nlu",
            "data/nlu",
            "--config",
            str(config),
            "--cross-validation",
            "--folds",
            str(FOLDS),
            "--out",
            str(out / "cv"),
        ]
    )
    model_dir = out / "model"
    train_seconds = run(
        [
            "train",
            "nlu",
            "--nlu",
            "data/nlu",
            "--config",
            str(config),
            "--out",
            str(model_dir),
            "--fixed-model-name",
            name,
        ]
    )
    run(
        [
            "test",
            "nlu",
            "--nlu",
            str(HELD_OUT),
            "--model",
            str(model_dir / f"{name}.tar.gz"),
            "--out",
            str(out / "held-out"),
        ]
    )
    return {
        "cv": scores(out / "cv" / "intent_report.json"),
        "held_out": scores(out / "held-out" / "intent_report.json"),
        "seconds": {"cross_validation": cv_seconds, "train": train_seconds},
    }


def evaluate_served() -> dict[str, float]:
    """The held-out score of the model the assistant actually serves (NLU and dialogue
    trained together), which differs from the NLU-only model trained above."""
    out = OUT / "served" / "held-out"
    run(["test", "nlu", "--nlu", str(HELD_OUT), "--model", str(SERVED_MODEL), "--out", str(out)])
    return scores(out / "intent_report.json")


def markdown(results: dict[str, dict], served: dict[str, float]) -> str:
    lines = [
        "## NLU: project pipeline against Rasa's default",
        "",
        "Reproduce: `make nlu-report` (5-fold cross-validation on data/nlu, then a model trained "
        "on all of data/nlu tested on the held-out tests/nlu/test_nlu.yml). Reports, per-intent "
        "scores and confusion matrices: results/nlu-report/<pipeline>/.",
        "",
        "| pipeline | CV macro-F1 | CV accuracy | held-out macro-F1 | held-out acc. | train s |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['cv']['macro_f1']:.3f} | {r['cv']['accuracy']:.3f} | "
            f"{r['held_out']['macro_f1']:.3f} | {r['held_out']['accuracy']:.3f} | "
            f"{r['seconds']['train']:.0f} |"
        )
    lines += [
        "",
        f"The model `make run` serves (models/csp.tar.gz, trained by `rasa train` with the "
        f"dialogue data as well) scores **{served['macro_f1']:.3f}** macro-F1 on the held-out "
        f"file (accuracy {served['accuracy']:.3f}); results/nlu-report/served/.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    results = {name: evaluate(name, config) for name, config in PIPELINES.items()}
    served = evaluate_served()
    summary = {**results, "served": {"held_out": served}}
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    table = markdown(results, served)
    (OUT / "summary.md").write_text(table, encoding="utf-8")
    write_section("nlu-report", table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
