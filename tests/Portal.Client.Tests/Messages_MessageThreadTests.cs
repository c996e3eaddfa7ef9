using Portal.Client.Features.Messages;
using Portal.Shared.Features.Messages;

namespace Portal.Client.Tests;

public sealed class MessageThreadTests : ClientTestContext
{
    [Fact]
    public void Messages_show_whose_they_are_and_what_is_new_and_a_sent_one_appears()
    {
        var thread = new ThreadView(Guid.NewGuid(), "HB-TEST", null, "HB-TEST", null, null,
        [
            new MessageView(1, DateTimeOffset.UnixEpoch, "Zhou Mei", false, "Can I repay early?", false),
            new MessageView(2, DateTimeOffset.UnixEpoch, "Zhang Min", true, "Yes, at any time.", true),
        ]);
        var cut = Render<MessageThread>(p => p.Add(c => c.Thread, thread).Add(c => c.Send, m => Messages.SendOnApplicationAsync(thread.ApplicationId!.Value, m)));
        var shown = cut.FindAll("[data-testid=message]");
        Assert.Contains("You", shown[0].TextContent);
        Assert.Contains("Zhang Min", shown[1].TextContent);
        Assert.Contains("new", shown[1].TextContent);
        Assert.True(cut.Find("[data-testid=send-message]").HasAttribute("disabled"));

        cut.Find("[data-testid=message-text]").Input("Thank you");
        cut.Find("[data-testid=send-message]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Thank you", cut.Find("[data-testid=thread]").TextContent));
        Assert.Equal("Thank you", Assert.Single(Messages.Sent).Text);
    }
}
