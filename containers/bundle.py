#!/usr/bin/python3
"""bundle.py: OCI bundles whose seccomp profiles are the ones that
Documentation/admin-guide/mm/secretmem.rst publishes, made the way the page
tells a user to make them.

  bundle.py --list
      one line per profile: NAME EXPECT (EXPECT: the column of
      containers/secret-calls.c that the profile must produce)
  bundle.py NAME RUNTIME BUNDLE --page RST --test SECCOMP_TEST
            --podman PODMAN_JSON --program SECRET_CALLS
      makes BUNDLE (config.json from "RUNTIME spec", and rootfs/) for
      profile NAME.

Profiles:
  none                     no linux.seccomp at all (the control)
  deny-secret, deny-secret-hugetlb
                           the page's ".. oci-profile:" entries in a profile
                           of their own: defaultAction SCMP_ACT_ALLOW and the
                           x86 architectures, as the page says
  secret-cloexec-only      the same with the entries that
                           "memfd_secret_seccomp_test --oci" prints, where the
                           page sends the reader for that policy
  podman-default           Podman's default profile (Debian's
                           containers-common), its rules for an amd64
                           container with the runtime's default capabilities
  podman-appended          the same with the deny-secret entries appended:
                           the page says this refuses nothing
  podman-deny-secret, podman-deny-secret-hugetlb
                           the page's ".. oci-allowlist:" recipe applied to
                           Podman's default profile
"""
import json
import os
import re
import shutil
import subprocess
import sys

PROFILES = [
    ("none", "none"),
    ("deny-secret", "deny-secret"),
    ("deny-secret-hugetlb", "deny-secret-hugetlb"),
    ("secret-cloexec-only", "secret-cloexec-only"),
    ("podman-default", "none"),
    ("podman-appended", "none"),
    ("podman-deny-secret", "deny-secret"),
    ("podman-deny-secret-hugetlb", "deny-secret-hugetlb"),
]

# What the page says a profile of its own has around the entries.
ARCHES = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]


def page_blocks(rst, kind):
    """{name: (words after the name, JSON entries)} for every literal block
    that follows a ".. KIND: NAME [WORD...]" comment."""
    lines = open(rst, encoding="utf-8").read().split("\n")
    blocks = {}
    for i, line in enumerate(lines):
        m = re.match(r"^\.\. %s: (\S+)(.*)$" % re.escape(kind), line)
        if not m:
            continue
        j = lines.index("::", i)
        text = []
        for t in lines[j + 1:]:
            if t and not t[0].isspace():
                break
            text.append(t)
        blocks[m.group(1)] = (m.group(2).split(), entries("\n".join(text)))
    return blocks


def entries(text):
    """The entries of a '"syscalls": [...]' fragment."""
    return json.loads("{" + text.strip() + "}")["syscalls"]


def podman_rules(path, caps):
    """Podman's profile as an OCI one: the entries Podman keeps for an
    amd64 container with capabilities CAPS (includes and excludes on
    arches and caps; minKernel holds on this kernel), archMap flattened."""
    p = json.load(open(path, encoding="utf-8"))
    arches = []
    for a in p["archMap"]:
        if a["architecture"] == "SCMP_ARCH_X86_64":
            arches = [a["architecture"]] + a["subArchitectures"]
    rules = []
    for s in p["syscalls"]:
        inc, exc = s.get("includes") or {}, s.get("excludes") or {}
        if inc.get("arches") and "amd64" not in inc["arches"]:
            continue
        if not all(c in caps for c in inc.get("caps") or []):
            continue
        if exc.get("arches") and "amd64" in exc["arches"]:
            continue
        if exc.get("caps") and all(c in caps for c in exc["caps"]):
            continue
        r = {"names": s["names"], "action": s["action"]}
        if s.get("args"):
            r["args"] = s["args"]
        if s.get("errnoRet") is not None:
            r["errnoRet"] = s["errnoRet"]
        rules.append(r)
    profile = {"defaultAction": p["defaultAction"], "architectures": arches,
               "syscalls": rules}
    if p.get("defaultErrnoRet") is not None:
        profile["defaultErrnoRet"] = p["defaultErrnoRet"]
    return profile


def allowlist_recipe(profile, remove, add):
    """The page's recipe for a profile that lists what it allows: take the
    names REMOVE out of the entries that allow them without a condition,
    then add the entries ADD."""
    rules = []
    for r in profile["syscalls"]:
        if r["action"] == "SCMP_ACT_ALLOW" and not r.get("args"):
            r = dict(r, names=[n for n in r["names"] if n not in remove])
            if not r["names"]:
                continue
        rules.append(r)
    return dict(profile, syscalls=rules + add)


def seccomp(name, args, caps):
    own = page_blocks(args["--page"], "oci-profile")
    allow = page_blocks(args["--page"], "oci-allowlist")
    if name == "none":
        return None
    if name in own:
        return {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ARCHES,
                "syscalls": own[name][1]}
    if name == "secret-cloexec-only":
        out = subprocess.run([args["--test"], "--oci", name], check=True,
                             capture_output=True, text=True).stdout
        return {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ARCHES,
                "syscalls": entries(out)}
    podman = podman_rules(args["--podman"], caps)
    if name == "podman-default":
        return podman
    if name == "podman-appended":
        return dict(podman, syscalls=podman["syscalls"] + own["deny-secret"][1])
    policy = name[len("podman-"):]
    if policy in allow:
        return allowlist_recipe(podman, allow[policy][0], allow[policy][1])
    sys.exit(f"bundle.py: the page has no allowlist recipe for {policy}")


def main(argv):
    if argv[1:] == ["--list"]:
        for name, expect in PROFILES:
            print(name, expect)
        return
    name, runtime, bundle = argv[1:4]
    args = dict(zip(argv[4::2], argv[5::2]))
    expect = dict(PROFILES).get(name)
    if expect is None:
        sys.exit(f"bundle.py: no profile {name}")
    shutil.rmtree(bundle, ignore_errors=True)
    rootfs = os.path.join(bundle, "rootfs")
    for d in ("bin", "proc", "dev", "sys", "tmp"):
        os.makedirs(os.path.join(rootfs, d))
    shutil.copy("/bin/busybox", os.path.join(rootfs, "bin/busybox"))
    os.symlink("busybox", os.path.join(rootfs, "bin/sh"))
    shutil.copy(args["--program"], os.path.join(rootfs, "bin/secret-calls"))

    # The runtime's own default configuration, as "RUNTIME spec" writes it.
    subprocess.run([runtime, "spec"], cwd=bundle, check=True)
    path = os.path.join(bundle, "config.json")
    config = json.load(open(path, encoding="utf-8"))
    config["root"] = {"path": "rootfs", "readonly": True}
    proc = config["process"]
    proc["terminal"] = False
    proc["args"] = ["/bin/sh", "-c", "exec /bin/secret-calls"]
    proc["env"] = proc.get("env", []) + [f"MFD_EXPECT={expect}"]
    caps = proc.get("capabilities", {}).get("bounding", [])
    profile = seccomp(name, args, caps)
    if profile:
        config["linux"]["seccomp"] = profile
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=1)
    print(f"# {name} for {runtime}: {len(profile['syscalls']) if profile else 0}"
          f" syscalls entries, default {profile['defaultAction'] if profile else '-'},"
          f" expecting the '{expect}' column")


main(sys.argv)
