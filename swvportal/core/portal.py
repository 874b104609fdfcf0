"""What the portal's own pages add to the platform's registries (see ``CoreConfig.ready``)."""

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import Capability, register_capabilities

register_capabilities(
    Capability.of("portal.view_home", "Startpagina van het samenwerkingsverband", *Role.values),
    order=10,
)
