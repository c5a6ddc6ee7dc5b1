"""The editor's tool that imports the national portal's export into procedure files.

Not part of the running catalogue (the site reads only the YAML files it writes):

* ``run``: one import (``flask catalog import``): read the export, merge each record into its
  file, write the files and the import's state;
* ``portal``: one portal record → the fields of a procedure file; ``text``: the portal's free
  text (steps, form codes, regulations, sub-case labels);
* ``merge``: who owns which key on a re-import (fingerprints in ``import-state.json``);
* ``review``: suspicious values for an editor; ``report``: the terminal diff and ``REVIEW.md``;
* ``editor_yaml``: procedure files as YAML an editor can read (also used by the catalogue export).

The import's state and review list live in ``reference/`` beside the catalogue folder (next to
the export they come from), not among the hand-edited files of ``procedures/``.
"""
