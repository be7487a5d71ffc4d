"""/api/v1/devices/{assetTag}/captures: digiketen-collect uploads what it read on a device."""

import hashlib
import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from digiketen.api.problems import problem_responses
from digiketen.inventory import services
from digiketen.inventory.models import Device, HubToken

MAX_FILES = 200
MAX_FILE_CHARS = 2_000_000


class HubTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <secret>`; the secret belongs to one hub."""

    keyword = "Token"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        # Bytes compared as bytes: a header in no known encoding is just not a hub token.
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Geef precies één sleutel mee."))
        digest = hashlib.sha256(header[1]).hexdigest()
        token = (
            HubToken.objects.select_related("hub")
            .filter(key_sha256=digest, revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Deze sleutel is onbekend of ingetrokken."))
        return (None, token)

    def authenticate_header(self, request):
        return self.keyword


class HubTokenScheme(OpenApiAuthenticationExtension):
    """Describes the hub token in the OpenAPI document."""

    target_class = HubTokenAuthentication
    name = "hubToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <upload key of the hub>",
        }


class HasHubToken(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, HubToken)


# Text the database cannot store (NUL on PostgreSQL, half a surrogate pair anywhere) or a page
# should never show in a name (control characters).
NOT_STORABLE = re.compile(r"[\x00\ud800-\udfff]")
NOT_A_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
FILE_NAME_MAX = 200
# Printable, no spaces, as long as the model allows; one pattern for Python and the OpenAPI.
ASSET_TAG_PATTERN = r"^[^\u0000-\u0020\u007f-\u009f]{1,20}$"
ASSET_TAG = re.compile(ASSET_TAG_PATTERN)


class StrictCharField(serializers.CharField):
    """Text only: DRF's CharField would turn 42 or true into "42" and "True", which the schema
    (type: string) does not allow; refuses text the database cannot store."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(_("Dit moet tekst zijn."))
        if NOT_STORABLE.search(data):
            raise serializers.ValidationError(
                _("Deze tekst bevat een teken dat niet kan (zoals NUL).")
            )
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "type": "object",
        "description": "Raw outputs by file name, e.g. dmidecode.txt, lscpu.txt, lsblk.json, "
        "smartctl.json, meminfo.txt, power_supply/BAT0/uevent, edid/card0-eDP-1 (base64). "
        f"A file name has 1 to {FILE_NAME_MAX} characters and no control characters; "
        "no text contains NUL.",
        "minProperties": 1,
        "maxProperties": MAX_FILES,
        "additionalProperties": {
            "type": "string",
            "maxLength": MAX_FILE_CHARS,
            "pattern": "^[^\\u0000]*$",
        },
    }
)
class CaptureFilesField(serializers.DictField):
    child = StrictCharField(allow_blank=True, trim_whitespace=False, max_length=MAX_FILE_CHARS)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(_("Verwacht een object met bestandsnaam en inhoud."))
        if not data:
            raise serializers.ValidationError(_("Er zitten geen bestanden in deze meting."))
        if len(data) > MAX_FILES:
            raise serializers.ValidationError(
                _("Een meting heeft hoogstens %(max)s bestanden.") % {"max": MAX_FILES}
            )
        bad_names = [
            name
            for name in data
            if len(name) > FILE_NAME_MAX or NOT_A_NAME.search(name) or not name
        ]
        if bad_names:
            raise serializers.ValidationError(
                _("Deze bestandsnaam kan niet: %(name)s")
                % {"name": ascii(bad_names[0])[1:-1][:FILE_NAME_MAX]}
            )
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "maxLength": 20,
        "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]+$",
    }
)
class CollectorVersionField(StrictCharField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if NOT_A_NAME.search(value):
            raise serializers.ValidationError(_("Dit is geen versienummer."))
        return value


class CaptureSerializer(serializers.Serializer):
    collectorVersion = CollectorVersionField(max_length=20)
    files = CaptureFilesField()


class CaptureResultSerializer(serializers.Serializer):
    captureId = serializers.IntegerField()
    assetTag = serializers.CharField()
    sha256 = serializers.CharField()
    storageMedia = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())


class CaptureUpload(APIView):
    authentication_classes = [HubTokenAuthentication]
    permission_classes = [HasHubToken]

    @extend_schema(
        operation_id="device_capture_create",
        summary="Upload what digiketen-collect read on a device",
        request=CaptureSerializer,
        parameters=[
            OpenApiParameter(
                "assetTag",
                type={
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 20,
                    "pattern": ASSET_TAG_PATTERN,
                },
                location=OpenApiParameter.PATH,
                description="The device's asset tag, e.g. DK-000042.",
            ),
            OpenApiParameter(
                "API-Version",
                type=str,
                location=OpenApiParameter.HEADER,
                response=True,
                description="The full version of the API that answered.",
            ),
        ],
        responses={
            201: CaptureResultSerializer,
            **problem_responses(
                {
                    400: "Invalid capture, or a value that does not fit the device record "
                    "(invalidParams names the file and the field)",
                    401: "Missing, unknown or revoked hub token",
                    403: "The device belongs to another hub",
                    404: "No device with this asset tag",
                    409: "The device already has all the captures it may have",
                    413: "The request body is too large",
                    415: "The body is not application/json",
                    500: "Unexpected error on the server",
                }
            ),
        },
    )
    def post(self, request, assetTag):
        # A tag no device can have (NUL, spaces, too long) is refused before any lookup: the
        # database may not even accept it as a query value (NUL on PostgreSQL).
        if not ASSET_TAG.fullmatch(assetTag):
            raise exceptions.ValidationError(
                {"assetTag": [_("Dit is geen inventarisnummer, zoals DK-000042.")]}
            )
        body = CaptureSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        device = get_object_or_404(Device, asset_tag=assetTag)
        try:
            capture, warnings = services.record_capture(
                token=request.auth, device_id=device.pk, files=body.validated_data["files"]
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(
                _("Dit apparaat hoort bij een ander uitgiftepunt.")
            ) from exc
        except DjangoValidationError as exc:
            # The values are refused, not the request's form: name the file and the field.
            raise exceptions.ValidationError(
                {f"files.{where}": reasons for where, reasons in exc.message_dict.items()}
            ) from exc
        result = {
            "captureId": capture.pk,
            "assetTag": device.asset_tag,
            "sha256": capture.sha256,
            "storageMedia": device.media.count(),
            "warnings": warnings,
        }
        return Response(result, status=status.HTTP_201_CREATED)
