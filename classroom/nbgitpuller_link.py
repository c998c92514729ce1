"""The nbgitpuller link that gives each student their own copy of the course.

    python classroom/nbgitpuller_link.py HUB_URL REPO_URL [BRANCH]
    python classroom/nbgitpuller_link.py https://hub.example.org https://github.com/OWNER/REPO main

prints the link to hand out. A student who opens it logs in to the hub, nbgitpuller copies the
repository into ~/bias-course (the first time; later it merges new commits without overwriting
the student's edits), and JupyterLab opens notebook 01. classroom/jupyterhub_config.py uses the
same path as every student's start page.
"""

import sys
from urllib.parse import urlencode

COURSE_DIR = "bias-course"  # the folder nbgitpuller creates in each student's home
FIRST_NOTEBOOK = f"{COURSE_DIR}/notebooks/01_line_and_bias.ipynb"


def git_pull_path(repo, branch=None):
    """The nbgitpuller path, relative to a user's server, that pulls `repo` and opens 01."""
    query = {"repo": repo}
    if branch:
        query["branch"] = branch
    query.update(targetpath=COURSE_DIR, urlpath=f"lab/tree/{FIRST_NOTEBOOK}")
    return "git-pull?" + urlencode(query)


def link(hub_url, repo, branch=None):
    """The link to hand out: through /hub/user-redirect/, so it works for every student."""
    return f"{hub_url.rstrip('/')}/hub/user-redirect/{git_pull_path(repo, branch)}"


if __name__ == "__main__":
    if not 3 <= len(sys.argv) <= 4:
        sys.exit(__doc__)
    print(link(*sys.argv[1:]))
