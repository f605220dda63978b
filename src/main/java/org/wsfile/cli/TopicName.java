package org.wsfile.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import org.wsfile.protocol.Names;
import org.wsfile.protocol.ProtocolException;

/** Reads {@code --topic}, refusing before any connection a topic that every server would refuse, with the rule. */
final class TopicName implements ITypeConverter<String> {
    @Override
    public String convert(String topic) {
        try {
            return Names.checkTopic(topic);
        } catch (ProtocolException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
