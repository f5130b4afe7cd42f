using System.Security.Cryptography;
using System.Text;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Infrastructure.Secrets;

/// <summary>
/// Encryption at rest with key material that never lives in the database (docs/decisions/017-secrets-at-rest.md): keys
/// derived from SECRET_KEY (and, after a rotation, SECRET_KEY_PREVIOUS) by HKDF-SHA256, one key per purpose, used with
/// AES-256-GCM. A sealed value is <c>0x01 ‖ key id (8) ‖ nonce (12) ‖ tag (16) ‖ ciphertext</c>; the purpose is the
/// associated data, so a value sealed for one purpose does not open as another. New values are always sealed with the
/// current key; the previous key only opens.
/// </summary>
public sealed class SecretKeyring
{
    private const byte Version = 1;
    private const int KeyIdLength = 8;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 1 + KeyIdLength + NonceLength + TagLength;

    private readonly Secret _current;
    private readonly Secret? _previous;

    public SecretKeyring(IOptions<SecurityOptions> options)
        : this(options.Value.SecretKey, options.Value.PreviousSecretKey)
    {
    }

    public SecretKeyring(string? secretKey, string? previousSecretKey)
    {
        if (string.IsNullOrEmpty(secretKey))
        {
            throw new InvalidOperationException("Security:SecretKey (SECRET_KEY) is missing; nothing can be encrypted at rest without it.");
        }

        _current = new Secret(secretKey);
        _previous = string.IsNullOrEmpty(previousSecretKey) || previousSecretKey == secretKey ? null : new Secret(previousSecretKey);
    }

    /// <summary>True when a previous key is configured (a rotation is under way).</summary>
    public bool HasPreviousKey => _previous is not null;

    /// <summary>Whether <paramref name="value"/> has the shape of a sealed value (it may still fail to open).</summary>
    public static bool LooksSealed(ReadOnlySpan<byte> value) => value.Length >= HeaderLength && value[0] == Version;

    public byte[] Seal(string purpose, ReadOnlySpan<byte> plaintext)
    {
        var sealedValue = new byte[HeaderLength + plaintext.Length];
        sealedValue[0] = Version;
        _current.KeyId.CopyTo(sealedValue.AsSpan(1, KeyIdLength));
        var nonce = sealedValue.AsSpan(1 + KeyIdLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current.KeyFor(purpose), TagLength);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(HeaderLength), sealedValue.AsSpan(1 + KeyIdLength + NonceLength, TagLength),
            Encoding.UTF8.GetBytes(purpose));
        return sealedValue;
    }

    /// <summary>Opens a sealed value with whichever configured key sealed it.</summary>
    /// <exception cref="CryptographicException">Not a sealed value, sealed with a key that is not configured, or altered.</exception>
    public byte[] Open(string purpose, ReadOnlySpan<byte> sealedValue) => Open(purpose, sealedValue, out _);

    /// <inheritdoc cref="Open(string, ReadOnlySpan{byte})"/>
    /// <param name="underPreviousKey">True when the previous key opened it: the value should be sealed again under the current key.</param>
    public byte[] Open(string purpose, ReadOnlySpan<byte> sealedValue, out bool underPreviousKey)
    {
        if (!LooksSealed(sealedValue))
        {
            throw new CryptographicException("The value is not sealed.");
        }

        var keyId = sealedValue.Slice(1, KeyIdLength);
        Secret secret;
        if (keyId.SequenceEqual(_current.KeyId))
        {
            secret = _current;
        }
        else if (_previous is not null && keyId.SequenceEqual(_previous.KeyId))
        {
            secret = _previous;
        }
        else
        {
            throw new CryptographicException(
                "The value was sealed with a SECRET_KEY that is neither SECRET_KEY nor SECRET_KEY_PREVIOUS (see docs/operations.md, rotating SECRET_KEY).");
        }

        underPreviousKey = secret != _current;
        var plaintext = new byte[sealedValue.Length - HeaderLength];
        using var aes = new AesGcm(secret.KeyFor(purpose), TagLength);
        aes.Decrypt(sealedValue.Slice(1 + KeyIdLength, NonceLength), sealedValue[HeaderLength..],
            sealedValue.Slice(1 + KeyIdLength + NonceLength, TagLength), plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }

    private sealed class Secret
    {
        private readonly byte[] _ikm;

        public Secret(string value)
        {
            _ikm = Encoding.UTF8.GetBytes(value);
            // Names the key in sealed values so the right one is tried; a one-way derivation, like the keys themselves.
            KeyId = HKDF.DeriveKey(HashAlgorithmName.SHA256, _ikm, KeyIdLength, info: "Contestlet/key-id/v1"u8.ToArray());
        }

        public byte[] KeyId { get; }

        public byte[] KeyFor(string purpose) =>
            HKDF.DeriveKey(HashAlgorithmName.SHA256, _ikm, 32, info: Encoding.UTF8.GetBytes($"Contestlet/{purpose}/v1"));
    }
}
