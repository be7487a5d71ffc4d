"""/api/v1/devices/{assetTag}/captures: digiketen-collect uploads what it read on a device."""

import hashlib

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema
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
        if not header or header[0].decode().lower() != self.keyword.lower():
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


class CaptureSerializer(serializers.Serializer):
    collectorVersion = serializers.CharField(max_length=20)
    files = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False)
    )

    def validate_files(self, files):
        if not files:
            raise serializers.ValidationError(_("Er zitten geen bestanden in deze meting."))
        if len(files) > MAX_FILES or any(len(text) > MAX_FILE_CHARS for text in files.values()):
            raise serializers.ValidationError(_("Deze meting is te groot."))
        return files


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
                "API-Version",
                type=str,
                location=OpenApiParameter.HEADER,
                response=True,
                description="The full version of the API that answered.",
            )
        ],
        responses={
            201: CaptureResultSerializer,
            **problem_responses(
                {
                    400: "Invalid capture",
                    401: "Missing, unknown or revoked hub token",
                    403: "The device belongs to another hub",
                    404: "No device with this asset tag",
                }
            ),
        },
    )
    def post(self, request, assetTag):
        asset_tag = assetTag
        body = CaptureSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        device = get_object_or_404(Device, asset_tag=asset_tag)
        try:
            capture, warnings = services.record_capture(
                token=request.auth, device_id=device.pk, files=body.validated_data["files"]
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(
                _("Dit apparaat hoort bij een ander uitgiftepunt.")
            ) from exc
        result = {
            "captureId": capture.pk,
            "assetTag": device.asset_tag,
            "sha256": capture.sha256,
            "storageMedia": device.media.count(),
            "warnings": warnings,
        }
        return Response(result, status=status.HTTP_201_CREATED)
