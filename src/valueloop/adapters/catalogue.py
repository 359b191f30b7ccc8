"""Reading the packaged reference catalogues."""

from __future__ import annotations

import tomllib
from importlib import resources

from valueloop.domain import kvm


def load_kvm_catalogue() -> kvm.Catalogue:
    """The KVM catalogue shipped in the package (catalogue/kvm.toml)."""
    text = resources.files("valueloop.catalogue").joinpath("kvm.toml").read_text(encoding="utf-8")
    return kvm.parse(tomllib.loads(text))
