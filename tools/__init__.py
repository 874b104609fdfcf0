"""Developer tools beside the project: scripts (``bench.py``, ``check_system.py``,
``screenshots.py``) and the scale data generator (``scale.py``). Not an installed app: the
import contracts (``.importlinter``) keep the apps from importing it, except the thin
``generate_scale_data`` command."""
