from rest_framework import serializers


class AddressSerializer(serializers.Serializer[object]):
    id = serializers.CharField()
    street = serializers.CharField()
    house_number = serializers.CharField()
    floor = serializers.CharField(allow_null=True)
    door = serializers.CharField(allow_null=True)
    postcode = serializers.CharField()
    city = serializers.CharField()
    municipality_code = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    text = serializers.CharField(source="label", help_text="The address as one line (DAWA)")


class ClinicSerializer(serializers.Serializer[object]):
    id = serializers.CharField()
    name = serializers.CharField()
    doctors = serializers.ListField(child=serializers.CharField())
    address = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    phone = serializers.CharField()
    accepts_new_patients = serializers.BooleanField()


class RelatedPersonSerializer(serializers.Serializer[object]):
    cpr = serializers.CharField()
    name = serializers.CharField()
    birth_date = serializers.DateField()
    kind = serializers.CharField()
    custody = serializers.BooleanField()
    same_address = serializers.BooleanField()


class PersonSerializer(serializers.Serializer[object]):
    cpr = serializers.CharField()
    name = serializers.CharField()
    birth_date = serializers.DateField()
    address = AddressSerializer(allow_null=True)
    name_address_protected = serializers.BooleanField()
    marital_status = serializers.CharField()
    gp = ClinicSerializer(allow_null=True)
    insurance_group = serializers.IntegerField()
    relations = RelatedPersonSerializer(many=True)
