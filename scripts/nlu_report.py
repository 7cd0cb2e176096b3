"""`make nlu-report`: how well the assistant understands residents, against Rasa's default.

For each pipeline (ours in config.yml, Rasa's default in benchmarks/rasa_default_config.yml)
on the same training data in the same run: 5-fold cross-validation, then a model trained on
all of data/nlu tested on the held-out tests/nlu/test_nlu.yml, which no model trains on.
Writes each run's Rasa reports (per-intent precision/recall/F1, confusion matrix) under
results/nlu-report/ and a summary table to docs/benchmarks.md.

The whole run takes about 80 minutes here (measured on 3,267 examples; Rasa's default trains
DIET and a response selector six times). `--resume` reuses the steps an interrupted run finished;
`--train-only rasa-default` trains that model alone, e.g. beside a running report, which then
reuses it; `--no-cross-validation` runs the held-out comparison alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from docsection import write_section

from bot.nlu.training_data import training_files

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
# The packages of bot/ that were its flat modules, so the fingerprint covers the same code.
CORE_PACKAGES = [
    ROOT / "bot" / name for name in ("chat", "nlu", "places", "routing", "safety", "serving")
]


def inputs_fingerprint(config: Path) -> str:
    """A digest of what a pipeline's results depend on: its config, the NLU data and held-out
    file, and, for a config that uses them, the project's own components and the code behind
    them (the spaCy pipeline's builder, the intent model)."""
    files = [config, HELD_OUT, *training_files()]
    if "csp_components" in config.read_text(encoding="utf-8"):
        files += [
            *sorted((ROOT / "csp_components").rglob("*.py")),
            *sorted((ROOT / "bot").glob("*.py")),
            *(path for package in CORE_PACKAGES for path in sorted(package.glob("*.py"))),
        ]
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


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


class Steps:
    """One pipeline's steps. With `resume`, a step whose report (or model) is already there from
    an earlier, interrupted run is not run again (its time, if recorded, from seconds.json),
    unless the data, config or code it depends on changed since (inputs.txt)."""

    def __init__(self, name: str, config: Path, resume: bool) -> None:
        self.out = OUT / name
        self.timings_path = self.out / "seconds.json"
        self.out.mkdir(parents=True, exist_ok=True)
        inputs_path = self.out / "inputs.txt"
        inputs = inputs_fingerprint(config)
        unchanged = inputs_path.exists() and inputs_path.read_text(encoding="utf-8") == inputs
        if not unchanged:  # what an earlier run left is stale: never reuse or show it
            if resume:
                print(f"  {name}: data, config or code changed since the last run; all rerun")
            shutil.rmtree(self.out)
            self.out.mkdir(parents=True)
        self.resume = resume and unchanged
        inputs_path.write_text(inputs, encoding="utf-8")

    def run(self, step: str, args: list[str], makes: Path) -> float | None:
        timings = (
            json.loads(self.timings_path.read_text(encoding="utf-8"))
            if self.timings_path.exists()
            else {}
        )
        if self.resume and makes.exists():
            print(f"  {self.out.name}: {step} already done, reused", flush=True)
            return timings.get(step)  # None if the earlier run did not record its time
        print(f"  {self.out.name}: {step}", flush=True)
        seconds = run(args)
        timings[step] = seconds
        self.timings_path.write_text(json.dumps(timings, indent=2), encoding="utf-8")
        return seconds


def evaluate(
    name: str, config: Path, resume: bool, train_only: bool = False, cross_validate: bool = True
) -> dict:
    steps = Steps(name, config, resume)
    out = steps.out
    model = out / "model" / f"{name}.tar.gz"
    train = [
        "train",
        "nlu",
        "--nlu",
        "data/nlu",
        "--config",
        str(config),
        "--out",
        str(model.parent),
        "--fixed-model-name",
        name,
    ]
    train_seconds = steps.run("train", train, model)
    if train_only:
        return {}
    cv = [
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
    cv_report = out / "cv" / "intent_report.json"
    cv_seconds = steps.run("cross_validation", cv, cv_report) if cross_validate else None
    held_out = ["test", "nlu", "--nlu", str(HELD_OUT), "--model", str(model)]
    held_out_report = out / "held-out" / "intent_report.json"
    steps.run("held_out", [*held_out, "--out", str(out / "held-out")], held_out_report)
    return {
        "cv": scores(cv_report) if cv_report.exists() else None,
        "cv_finished": (
            time.strftime("%Y-%m-%d %H:%M", time.localtime(cv_report.stat().st_mtime))
            if cv_report.exists()
            else None
        ),
        "held_out": scores(held_out_report),
        "seconds": {"cross_validation": cv_seconds, "train": train_seconds},
    }


def evaluate_served() -> dict[str, float]:
    """The held-out score of the model the assistant actually serves (NLU and dialogue
    trained together), which differs from the NLU-only model trained above."""
    out = OUT / "served" / "held-out"
    run(["test", "nlu", "--nlu", str(HELD_OUT), "--model", str(SERVED_MODEL), "--out", str(out)])
    return scores(out / "intent_report.json")


def cv(result: dict, measure: str) -> str:
    return "not run" if result["cv"] is None else f"{result['cv'][measure]:.3f}"


def seconds(value: float | None) -> str:
    return "not recorded" if value is None else f"{value:.0f}"


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
            f"| {name} | {cv(r, 'macro_f1')} | {cv(r, 'accuracy')} | "
            f"{r['held_out']['macro_f1']:.3f} | {r['held_out']['accuracy']:.3f} | "
            f"{seconds(r['seconds']['train'])} |"
        )
    lines += [
        "",
        f"The model `make run` serves (models/csp.tar.gz, trained by `rasa train` with the "
        f"dialogue data as well) scores **{served['macro_f1']:.3f}** macro-F1 on the held-out "
        f"file (accuracy {served['accuracy']:.3f}); results/nlu-report/served/.",
    ]
    finished = [f"{name} {r['cv_finished']}" for name, r in results.items() if r["cv_finished"]]
    missing = [name for name, r in results.items() if r["cv"] is None]
    if finished:
        lines += ["", "Cross-validation reports finished: " + ", ".join(finished) + "."]
    if missing:
        lines += [
            "",
            "Not cross-validated in this run (`--no-cross-validation`, or an interrupted run): "
            + ", ".join(missing)
            + ".",
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--resume", action="store_true", help="reuse what an interrupted run already finished"
    )
    parser.add_argument(
        "--train-only",
        choices=sorted(PIPELINES),
        help="only train this pipeline's model on all of data/nlu (to run beside a report)",
    )
    parser.add_argument(
        "--no-cross-validation",
        action="store_true",
        help="train and test on the held-out file only (about 20 minutes); a cross-validation "
        "report already in results/nlu-report is still shown, with when it finished",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.train_only:
        evaluate(args.train_only, PIPELINES[args.train_only], args.resume, train_only=True)
        return 0
    results = {
        name: evaluate(name, config, args.resume, cross_validate=not args.no_cross_validation)
        for name, config in PIPELINES.items()
    }
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
