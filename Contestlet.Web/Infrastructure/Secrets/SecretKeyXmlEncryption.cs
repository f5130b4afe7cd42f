using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Contestlet.Web.Infrastructure.Secrets;

/// <summary>
/// Encrypts each data-protection key's XML before it is stored in <c>DataProtectionKeys</c>, with a key derived from
/// SECRET_KEY (<see cref="SecretKeyring"/>): a database reader gets <c>&lt;sealedKey&gt;</c> elements, not key material
/// to forge cookies with. Registered as <c>KeyManagementOptions.XmlEncryptor</c>; the decryptor is named in each stored
/// element and built by data protection's activator.
/// </summary>
public sealed class SecretKeyXmlEncryptor(SecretKeyring keyring) : IXmlEncryptor
{
    internal const string Purpose = "data-protection-keys";
    internal const string ElementName = "sealedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement(ElementName, Convert.ToBase64String(keyring.Seal(Purpose, plaintext)));
        return new EncryptedXmlInfo(element, typeof(SecretKeyXmlDecryptor));
    }
}

/// <summary>Opens what <see cref="SecretKeyXmlEncryptor"/> sealed, under SECRET_KEY or SECRET_KEY_PREVIOUS.</summary>
public sealed class SecretKeyXmlDecryptor : IXmlDecryptor
{
    private readonly SecretKeyring _keyring;

    /// <summary>Data protection's activator passes the app's services.</summary>
    public SecretKeyXmlDecryptor(IServiceProvider services)
        : this(services.GetRequiredService<SecretKeyring>())
    {
    }

    public SecretKeyXmlDecryptor(SecretKeyring keyring) => _keyring = keyring;

    public XElement Decrypt(XElement encryptedElement)
    {
        if (encryptedElement.Name != SecretKeyXmlEncryptor.ElementName)
        {
            throw new InvalidOperationException($"Expected a <{SecretKeyXmlEncryptor.ElementName}> element, found <{encryptedElement.Name}>.");
        }

        var plaintext = _keyring.Open(SecretKeyXmlEncryptor.Purpose, Convert.FromBase64String(encryptedElement.Value));
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
